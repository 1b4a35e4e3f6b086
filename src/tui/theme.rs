//! Colour themes. Every colour has a non-colour partner (a marker, bold, reverse or underline),
//! so nothing is signalled by colour alone and NO_COLOR loses no information.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
}

impl ThemeName {
    pub fn parse(name: &str) -> Option<ThemeName> {
        match name {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            "high-contrast" => Some(ThemeName::HighContrast),
            _ => None,
        }
    }

    /// How the config file's `theme` names it; `parse` reads it back.
    pub fn id(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }

    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::HighContrast,
            ThemeName::HighContrast => ThemeName::Dark,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high contrast",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub matched: Style,
    pub sensitive: Style,
    pub warning: Style,
    pub error: Style,
    pub chip_on: Style,
    pub key: Style,
    pub tab_active: Style,
}

impl Theme {
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::monochrome();
        }
        let (fg, bg, dim, accent, warn, err) = match name {
            ThemeName::Dark => (
                Color::Gray,
                Color::Reset,
                Color::DarkGray,
                Color::Cyan,
                Color::Yellow,
                Color::LightRed,
            ),
            ThemeName::Light => (
                Color::Black,
                Color::White,
                Color::DarkGray,
                Color::Blue,
                Color::Rgb(150, 80, 0),
                Color::Red,
            ),
            ThemeName::HighContrast => (
                Color::White,
                Color::Black,
                Color::White,
                Color::LightYellow,
                Color::LightYellow,
                Color::LightRed,
            ),
        };
        let bold = Modifier::BOLD;
        Theme {
            base: Style::new().fg(fg).bg(bg),
            dim: Style::new().fg(dim).bg(bg),
            heading: Style::new().fg(accent).bg(bg).add_modifier(bold),
            border: Style::new().fg(dim).bg(bg),
            border_focused: Style::new().fg(accent).bg(bg).add_modifier(bold),
            selected: Style::new().add_modifier(Modifier::REVERSED | bold),
            matched: Style::new()
                .fg(accent)
                .add_modifier(bold | Modifier::UNDERLINED),
            sensitive: Style::new().fg(warn).bg(bg).add_modifier(bold),
            warning: Style::new().fg(warn).bg(bg).add_modifier(bold),
            error: Style::new().fg(err).bg(bg).add_modifier(bold),
            chip_on: Style::new()
                .fg(accent)
                .bg(bg)
                .add_modifier(bold | Modifier::UNDERLINED),
            key: Style::new().fg(accent).bg(bg).add_modifier(bold),
            tab_active: Style::new().fg(bg).bg(accent).add_modifier(bold),
        }
    }

    fn monochrome() -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: plain,
            dim: plain,
            heading: bold,
            border: plain,
            border_focused: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            sensitive: bold,
            warning: bold,
            error: bold,
            chip_on: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            key: bold,
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_is_read_back_from_the_name_it_is_saved_under() {
        for theme in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            assert_eq!(ThemeName::parse(theme.id()), Some(theme));
        }
    }
}
