# nf-atip board profile: LilyGO TTGO T-Call (ESP32-WROVER-B + SIM800L, IP5306 power IC), v1.3/v1.4.
# Radio pins from LilyGO's published pin assignment (MODEM_TX 27, MODEM_RX 26, MODEM_PWKEY 4,
# MODEM_RST 5, MODEM_POWER_ON 23, DTR 32, RI 33, LED 13). Host UART pins are our choice among the
# free header pins. Keys: hardware/README.md. NOT VERIFIED ON HARDWARE.
board.name = lilygo-t-call-sim800
board.mcu = esp32
board.nf_target = ESP32_PSRAM_REV0      # WROVER module: the PSRAM image
pins.mux = esp32
host.uart = COM2
host.tx = 18
host.rx = 19
host.rts = 14
host.cts = 15                           # strapping pin MTDO: keep the host's RTS idle at reset
radio.uart = COM3
radio.tx = 27                           # ESP32 TX -> SIM800 RXD (MODEM_TX)
radio.rx = 26                           # SIM800 TXD -> ESP32 RX (MODEM_RX)
radio.baud = 115200
radio.power_enable = 23                 # MODEM_POWER_ON: high switches the SIM800's supply on
radio.pwrkey = 4
radio.pwrkey_active = low
radio.reset = 5
radio.reset_active = low
radio.dtr = 32
radio.dtr_active = low
radio.ri = 33
radio.ri_active = low
led = 13
led_active = high
