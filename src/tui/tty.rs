//! The terminal as the planner sets it up, and giving it back as it was: on quitting, on an error
//! or a panic, on Ctrl-Z, and when a signal ends the planner from outside.

use std::io;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Sets the terminal up: raw mode, the alternate screen, mouse reporting, and bracketed paste
/// (which delivers a paste as one event, not a keystroke and a frame per character).
pub fn take() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Gives the terminal back as it was, with the cursor shown. Harmless when it is already given
/// back; a terminal that has gone (SIGHUP) refuses it all, which is no matter then.
pub fn give_back() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}

/// Gives the terminal back before a panic's message is printed, so that the message can be read
/// and the shell used.
pub fn give_back_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        give_back();
        previous(info);
    }));
}

/// Ctrl-Z. Raw mode delivers it as a key rather than stopping the planner, so the planner gives
/// the terminal back and stops itself as the shell would have; once resumed (`fg`), it sets the
/// terminal up again, and the caller redraws all of it.
pub fn suspend() -> io::Result<()> {
    give_back();
    // SIGTSTP rather than SIGSTOP: where no shell could resume the planner (one without job
    // control), the kernel ignores SIGTSTP and the planner simply carries on.
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    take()
}

/// Ends the planner when its terminal goes away (the window closed, the tmux server killed)
/// without a SIGHUP reaching it. crossterm then reads end-of-file from the terminal over and over
/// inside its wait for a key, never returning to the event loop, so the planner would spin at
/// full speed for ever; a thread of its own notices the hang-up instead. Plans are saved after
/// every change and saves are atomic, so ending here loses nothing a save could keep.
pub fn end_when_the_terminal_goes() {
    #[cfg(unix)]
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(500));
            if terminal_hung_up() {
                std::process::exit(128 + signal_hook::consts::SIGHUP);
            }
        }
    });
}

#[cfg(unix)]
fn terminal_hung_up() -> bool {
    let mut stdin = libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd for one entry, and no waiting (timeout 0).
    let ready = unsafe { libc::poll(&mut stdin, 1, 0) };
    ready > 0 && stdin.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

/// SIGTERM, SIGHUP and SIGINT (which raw mode does not send for Ctrl-C, but `kill` can), watched
/// for while the planner has the terminal: instead of dying with the terminal still set up, the
/// planner notices (its event loop wakes up often enough), gives the terminal back, then ends as
/// the signal would have ended it.
pub struct EndingSignals {
    #[cfg(unix)]
    caught: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    #[cfg(unix)]
    handlers: Vec<signal_hook::SigId>,
}

#[cfg(unix)]
const ENDING: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

impl EndingSignals {
    #[cfg(unix)]
    pub fn watch() -> io::Result<EndingSignals> {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicUsize};

        use signal_hook::flag;

        let caught = Arc::new(AtomicUsize::new(0));
        let once = Arc::new(AtomicBool::new(false));
        let mut handlers = Vec::new();
        for signal in ENDING {
            // A second signal ends the planner at once, should the first not get it to stop.
            handlers.push(flag::register_conditional_default(
                signal,
                Arc::clone(&once),
            )?);
            handlers.push(flag::register(signal, Arc::clone(&once))?);
            handlers.push(flag::register_usize(
                signal,
                Arc::clone(&caught),
                signal as usize,
            )?);
        }
        Ok(EndingSignals { caught, handlers })
    }

    #[cfg(not(unix))]
    pub fn watch() -> io::Result<EndingSignals> {
        Ok(EndingSignals {})
    }

    /// The signal that arrived, if one did.
    pub fn caught(&self) -> Option<i32> {
        #[cfg(unix)]
        {
            let signal = self.caught.load(std::sync::atomic::Ordering::SeqCst);
            (signal != 0).then(|| i32::try_from(signal).unwrap_or(0))
        }
        #[cfg(not(unix))]
        None
    }

    /// Once the terminal is given back: ends the process as the signal that arrived would have
    /// (so a shell sees 128 + its number), or stops watching if none did.
    pub fn end_if_caught(self) {
        #[cfg(unix)]
        {
            for handler in &self.handlers {
                signal_hook::low_level::unregister(*handler);
            }
            if let Some(signal) = self.caught() {
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        }
    }
}
