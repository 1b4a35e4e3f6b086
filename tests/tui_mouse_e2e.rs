//! The mouse in a dialog through a real terminal (tmux): open the export dialog, click its Large
//! print row, and the row shows ticked; a click beside the dialog leaves it open.

mod common;

use common::{Tmux, tmux_available};

#[test]
fn a_click_on_large_print_in_the_export_dialog_ticks_it() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::planner("mouse", home.path());

    // A plan of one module, then the export dialog.
    tmux.keys(&["Enter"]);
    tmux.wait_for("1 item");
    tmux.keys(&["p"]);
    let screen = tmux.wait_for("Export handouts");
    assert!(screen.contains("Large print          [ ]"), "{screen}");

    let (column, row) = tmux.find("Large print").expect("the row is on screen");
    tmux.click(column + 2, row);
    let screen = tmux.wait_for("Large print          [x]");
    assert!(
        screen.contains("▶ Large print"),
        "the clicked row has the focus:\n{screen}"
    );

    // A click outside a form leaves it open, with the tick kept.
    tmux.click(0, 1);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = tmux.screen();
    assert!(screen.contains("Large print          [x]"), "{screen}");

    tmux.keys(&["Escape", "q"]);
    tmux.wait_for("EXITED 0");
}
