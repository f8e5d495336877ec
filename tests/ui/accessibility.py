"""Checks a guest can use what is on screen: touch targets of at least 64 px, text whose
contrast with what is behind it meets WCAG 2.1 AA (4.5:1; 3:1 for large text), check boxes
drawn at least 32 px wide in a colour of 3:1 against their background (non-text contrast), and
disabled buttons that still show (2:1 against the screen) with words that still read."""

NAVY = (0.06, 0.15, 0.25)
TOUCH_PX = 64
DISABLED_SHOWS = 2
LARGE_TEXT_PX, LARGE_BOLD_PX = 24, 18.66
CHECK_BOX_PX = 32


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb) -> float:
    r, g, b = (_linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over_navy(rgba) -> tuple[float, float, float]:
    alpha = rgba[3] if len(rgba) > 3 else 1
    return tuple(alpha * c + (1 - alpha) * n for c, n in zip(rgba[:3], NAVY, strict=True))


def shown(widget) -> bool:
    """Whether a guest sees ``widget``: neither it nor a widget holding it is hidden."""
    while widget is not None and widget is not widget.parent:
        if getattr(widget, "opacity", 1) == 0 or widget.height < 1 or widget.width < 1:
            return False
        widget = widget.parent
    return True


def problems(screen) -> list[str]:
    from kivy.metrics import dp  # Kivy is imported once the test window is set up
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.checkbox import CheckBox
    from kivy.uix.label import Label
    from kivy.uix.textinput import TextInput

    found = []
    for widget in screen.walk(restrict=True):
        if not shown(widget):
            continue
        if widget.disabled:
            if isinstance(widget, ButtonBehavior) and isinstance(widget, Label):
                found += _disabled_button_problems(widget)
            continue
        name = f"{type(widget).__name__} {getattr(widget, 'text', '')!r}"
        too_small = min(widget.width, widget.height) < dp(TOUCH_PX) - 0.5
        if isinstance(widget, ButtonBehavior | TextInput) and too_small:
            found.append(f"{name} is {widget.width:.0f}x{widget.height:.0f} px")
        if isinstance(widget, Label) and widget.text.strip():
            background = (
                over_navy(widget.background_color) if isinstance(widget, ButtonBehavior) else NAVY
            )
            large = widget.font_size >= LARGE_TEXT_PX or (
                widget.bold and widget.font_size >= LARGE_BOLD_PX
            )
            ratio = contrast(over_navy(widget.color), background)
            if ratio < (3 if large else 4.5):
                found.append(f"{name} has contrast {ratio:.2f}")
        if isinstance(widget, CheckBox):
            found += _check_box_problems(widget, name, dp(CHECK_BOX_PX))
    return found


def _disabled_button_problems(button) -> list[str]:
    name = f"disabled {type(button).__name__} {button.text!r}"
    background = over_navy(button.background_color)
    found = []
    if contrast(background, NAVY) < DISABLED_SHOWS:
        found.append(f"{name} is {contrast(background, NAVY):.2f}:1 against the screen")
    ratio = contrast(over_navy(button.disabled_color), background)
    if button.text.strip() and ratio < 4.5:
        found.append(f"{name} has contrast {ratio:.2f}")
    return found


def _check_box_problems(box, name: str, smallest: float) -> list[str]:
    """Measures what the check box draws: the pixels that stand out 3:1 from the row behind
    it (assumed navy, the lightest row tint included) must span ``smallest`` both ways."""
    from PIL import Image

    texture = box.export_as_image().texture
    drawn = Image.frombytes("RGBA", texture.size, texture.pixels)
    behind = over_navy((1, 1, 1, 0.08))
    visible = Image.new("L", drawn.size)
    visible.putdata(
        [
            255
            if a and contrast(over_navy((r / 255, g / 255, b / 255, a / 255)), behind) >= 3
            else 0
            for r, g, b, a in drawn.getdata()
        ]
    )
    bounds = visible.getbbox()
    if bounds is None:
        return [f"{name} draws nothing with 3:1 contrast"]
    width, height = bounds[2] - bounds[0], bounds[3] - bounds[1]
    if min(width, height) < smallest - 0.5:
        return [f"{name} draws a {width}x{height} px box"]
    return []
