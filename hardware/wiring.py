#!/usr/bin/env python3
"""Draws hardware/<board>/wiring.svg for every board from its board.profile.

The pin numbers and which lines exist come from the profile (the file the firmware reads), so a drawing
cannot drift from it: change a profile, run `python3 hardware/wiring.py`, commit both. The layout (which
parts sit between the MCU and the module) is the only per-board knowledge here.
"""
import html
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
CHAR = 7.3  # width of one character at font-size 12 in a monospace font, generous


def profile(board):
    values = {}
    for raw in (HERE / board / "board.profile").read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        values[key.lower()] = value
    return values


def pin_name(p, pin):
    """The MCU's name for a pin number as nanoFramework counts it (ESP32: GPIOn; STM32: port*16 + pin)."""
    n = int(p[pin])
    if p["board.mcu"] == "esp32":
        return "GPIO%d" % n
    return "P%s%d" % (chr(ord("A") + n // 16), n % 16)


class Svg:
    def __init__(self, width, height, title):
        self.width, self.height = width, height
        self.parts = ['<title>%s</title>' % html.escape(title), '<rect width="%d" height="%d" fill="#ffffff"/>' % (width, height)]

    def text(self, x, y, s, anchor="start", bold=False, size=12):
        self.check(x, s, anchor, size)
        weight = ' font-weight="bold"' if bold else ""
        self.parts.append('<text x="%d" y="%d" text-anchor="%s" font-size="%d"%s>%s</text>' % (x, y, anchor, size, weight, html.escape(s)))

    def check(self, x, s, anchor, size):
        w = len(s) * CHAR * size / 12
        left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        if left < 2 or left + w > self.width - 2:
            raise SystemExit("label %r does not fit the drawing (x %d, width %d)" % (s, x, self.width))

    def box(self, x, y, w, h, fill, title, lines=()):
        self.parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#000"/>' % (x, y, w, h, fill))
        self.text(x + 8, y + 18, title, bold=True)
        for i, s in enumerate(lines):
            self.text(x + 8, y + 34 + 14 * i, s)
        for i, s in enumerate([title] + list(lines)):
            if len(s) * CHAR > w - 12:
                raise SystemExit("label %r is wider than its box" % s)

    def wire(self, x1, y, x2, color, towards):
        """A horizontal wire with an arrow head at the receiving end (towards: 'right', 'left' or None)."""
        self.parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.5"/>' % (x1, y, x2, y, color))
        if towards == "right":
            self.parts.append('<polygon points="%d,%d %d,%d %d,%d" fill="%s"/>' % (x2, y, x2 - 8, y - 4, x2 - 8, y + 4, color))
        elif towards == "left":
            self.parts.append('<polygon points="%d,%d %d,%d %d,%d" fill="%s"/>' % (x1, y, x1 + 8, y - 4, x1 + 8, y + 4, color))

    def line(self, x1, y1, x2, y2, color="#000", dashed=False, width=1.5):
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        self.parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s"%s/>' % (x1, y1, x2, y2, color, width, dash))

    def resistor(self, x, y, label):
        self.parts.append('<rect x="%d" y="%d" width="28" height="10" fill="#fff" stroke="#000"/>' % (x, y - 5))
        self.text(x + 14, y - 9, label, anchor="middle")

    def led(self, x, y):
        """An LED from x (anode, right) to x - 12 (cathode, left): a triangle pointing left and a bar."""
        self.parts.append('<polygon points="%d,%d %d,%d %d,%d" fill="#fc0" stroke="#000"/>' % (x, y - 7, x, y + 7, x - 12, y))
        self.line(x - 12, y - 7, x - 12, y + 7, width=2)

    def capacitor(self, x1, x2, y, label):
        """A capacitor across two vertical supply lines at x1 (+) and x2 (-), its value left of x1."""
        mid = (x1 + x2) // 2
        self.line(x1, y, mid - 3, y)
        self.line(mid - 3, y - 8, mid - 3, y + 8, width=2)
        self.line(mid + 3, y - 8, mid + 3, y + 8, width=2)
        self.line(mid + 3, y, x2, y)
        for i, part in enumerate(label):
            self.text(x1 - 8, y + 4 + 14 * i, part, anchor="end")

    def ground(self, x, y):
        for i, half in enumerate((9, 6, 3)):
            self.line(x - half, y + 4 * i, x + half, y + 4 * i, width=1.5)

    def save(self, path):
        head = '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace">' % (
            self.width, self.height, self.width, self.height)
        path.write_text(head + "\n  " + "\n  ".join(self.parts) + "\n</svg>\n")


BLUE, RED, GREY = "#0050c8", "#c00000", "#606060"


def draw(board, mcu_title, module_title, module_on_board, shifter, supply_lines, led_external, notes):
    p = profile(board)
    s = Svg(1000, 520, "nf-atip wiring: %s (from board.profile; not verified on hardware)" % board)
    s.text(20, 24, "Blue: host UART (3.3 V TTL). Red: module lines. Dashed: common ground. From board.profile; not verified on hardware.")

    # Host equipment and its UART.
    host = [("TXD", "rx", "right", "RX"), ("RXD", "tx", "left", "TX"), ("RTS", "cts", "right", "CTS"), ("CTS", "rts", "left", "RTS")]
    host = [h for h in host if int(p["host." + h[1]]) >= 0]
    s.box(20, 60, 170, 60 + 20 * len(host), "#eef", "Host equipment", ["3.3 V TTL; RS-232", "via a MAX3232"])
    mx, mw = 290, 230  # the MCU box
    if module_on_board:
        s.parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#000" stroke-dasharray="8 4"/>' % (mx - 14, 40, 680, 400))
        s.text(mx - 6, 56, module_title + " (one board)", bold=True)
    s.box(mx, 70 if module_on_board else 50, mw, 360 if module_on_board else 380, "#efe", mcu_title)
    for i, (name, key, towards, fn) in enumerate(host):
        y = 136 + 20 * i
        s.text(180, y - 4, name, anchor="end")
        s.wire(190, y, mx, BLUE, towards)
        s.text(mx + 8, y + 4, "%s %s %s" % (pin_name(p, "host." + key), p["host.uart"], fn))

    # Module side: which MCU pins go to which module pin, and through what.
    radio = [("radio.tx", "TX", "RXD", "right"), ("radio.rx", "RX", "TXD", "left"),
             ("radio.dtr", "DTR", "DTR", "right"), ("radio.ri", "RI", "RING", "left"),
             ("radio.pwrkey", "PWRKEY", "PWRKEY", "right"), ("radio.reset", "RESET", "RST", "right"),
             ("radio.power_enable", "POWER", "supply switch", "right")]
    radio = [r for r in radio if int(p[r[0]]) >= 0]
    sx = mx + mw + 70  # shifter
    kx = sx + 150 if shifter else mx + mw + 120  # module box
    ky = 200
    s.box(kx, ky - 24, 150, 40 + 20 * len(radio) + 60, "#fee", module_title if not module_on_board else "SIM800L")
    if shifter:
        s.box(sx, ky - 24, 120, 40 + 20 * len(radio), "#ffe", "Level shifter", ["3.3 V | 2.8 V"])
    for i, (key, fn, target, towards) in enumerate(radio):
        y = ky + 30 + 20 * i
        s.text(mx + mw - 8, y + 4, "%s %s" % (fn, pin_name(p, key)), anchor="end")
        color = GREY if module_on_board else RED
        s.wire(mx + mw, y, kx, color, towards)
        s.text(kx + 10, y + 4, target)
    if shifter:
        s.text(sx + 8, ky + 30 + 20 * len(radio) + 2, "PWRKEY/RST: NPN or")
        s.text(sx + 8, ky + 30 + 20 * len(radio) + 16, "open drain, <=100R")
    if module_on_board:
        s.text(mx + mw + 10, ky - 40, "grey: wired on the board")

    # Supply: above the module, its + line down the right to VBAT, the capacitor on it.
    vy = ky + 30 + 20 * len(radio) + 10
    s.text(kx + 10, vy + 4, "VBAT")
    s.text(kx + 10, vy + 24, "GND")
    top = 50 + 30 + 14 * len(supply_lines)
    plus, minus = kx + 175, kx + 200
    s.box(kx, 50, 215, top - 50, "#eee", "Supply", supply_lines)
    s.line(kx + 150, vy, plus, vy, width=2.5)
    s.line(plus, top, plus, vy, width=2.5)
    if not module_on_board:
        s.capacitor(plus, minus, top + 24, ["1000 uF", "low ESR"])

    # Status LED: out of the MCU's left side, below the host lines (active high: GPIO, resistor, LED, ground).
    ly = 136 + 20 * max(len(host), 4) + 70
    s.text(mx + 8, ly + 4, "%s LED" % pin_name(p, "led"))
    if led_external:
        s.line(mx - 20, ly, mx, ly)
        s.resistor(mx - 48, ly, "330R")
        s.line(mx - 60, ly, mx - 48, ly)
        s.led(mx - 60, ly)
        s.line(mx - 90, ly, mx - 72, ly)
        s.line(mx - 90, ly, mx - 90, ly + 12)
        s.ground(mx - 90, ly + 12)
    else:
        s.text(mx + 8, ly + 20, "(on the board)")

    # Common ground.
    gy = 470
    s.line(60, 60 + 60 + 20 * len(host), 60, gy, GREY, dashed=True)
    s.line(mx + 20, 430, mx + 20, gy, GREY, dashed=True)
    s.text(mx + 8, 424, "GND")
    s.line(kx + 150, vy + 20, minus, vy + 20, GREY, dashed=True)
    s.line(minus, top, minus, gy, GREY, dashed=True)
    s.line(60, gy, minus, gy, GREY, dashed=True)
    for i, n in enumerate(notes):
        s.text(20, gy + 20 + 14 * i, n)
    s.save(HERE / board / "wiring.svg")


draw("esp32-devkitc-sim800l", "ESP32-DevKitC", "SIM800L breakout", module_on_board=False, shifter=True,
     supply_lines=["4.0 V, >= 2 A", "Li-ion cell or buck", "not the 3V3/5V pins"], led_external=True,
     notes=["GPIO 4 open when the breakout ties PWRKEY to GND. COM1 (GPIO 1/3, USB) is nanoFramework's debug port."])
draw("lilygo-t-call-sim800", "ESP32-WROVER-B", "LilyGO T-Call", module_on_board=True, shifter=False,
     supply_lines=["3.7 V Li-ion cell on BAT", "(USB 5 V charges it;", "the board feeds VBAT)"], led_external=False,
     notes=["Only the host UART is wired by hand. COM1 (USB) is nanoFramework's debug port."])
draw("stm32f769i-disco-sim800l", "32F769IDISCOVERY", "SIM800L breakout", module_on_board=False, shifter=True,
     supply_lines=["4.0 V, >= 2 A", "Li-ion cell or buck", "not the header pins"], led_external=False,
     notes=["No host RTS/CTS: the reference image routes none. COM1 (ST-LINK USB) is nanoFramework's debug port."])
