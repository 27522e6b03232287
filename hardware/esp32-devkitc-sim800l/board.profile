# nf-atip board profile: ESP32-DevKitC (ESP32-WROOM-32) + SIM800L breakout.
# Deployed to the board as I:\board.profile (see README.md here); the device application falls back
# to the identical built-in copy (firmware/NfAtip/BoardProfile.cs) when the file is missing.
# Keys: hardware/README.md. Pin numbers are ESP32 GPIO numbers; -1 = not wired.
# NOT VERIFIED ON HARDWARE.
board.name = esp32-devkitc-sim800l
board.mcu = esp32
board.nf_target = ESP32_REV0
pins.mux = esp32
host.uart = COM2
host.tx = 17
host.rx = 16
host.rts = 18
host.cts = 19
radio.uart = COM3
radio.tx = 27
radio.rx = 26
radio.baud = 115200
radio.power_enable = -1
radio.pwrkey = 4
radio.pwrkey_active = low
radio.reset = 5
radio.reset_active = low
radio.dtr = 32
radio.dtr_active = low
radio.ri = 33
radio.ri_active = low
led = 25
led_active = high
