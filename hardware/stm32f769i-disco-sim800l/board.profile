# nf-atip board profile: ST 32F769IDISCOVERY (nanoFramework target ST_STM32F769I_DISCOVERY) + SIM800L.
# The reference image routes COM5 = UART5 (TX PD2, RX PC12) and COM6 = USART6 (TX PC6 = Arduino D1,
# RX PC7 = Arduino D0), TX/RX only (nf-interpreter target_system_io_ports_config.cpp): the UART pin
# numbers below only document that (pins.mux = fixed). GPIO numbers are nanoFramework's STM32 numbering,
# port index * 16 + pin (PJ1 = 9*16+1 = 145). Keys: hardware/README.md. NOT VERIFIED ON HARDWARE.
board.name = stm32f769i-disco-sim800l
board.mcu = stm32
board.nf_target = ST_STM32F769I_DISCOVERY
pins.mux = fixed
host.uart = COM5
host.tx = 50                            # PD2
host.rx = 44                            # PC12
host.rts = -1                           # not routed by the reference image: no hardware flow control
host.cts = -1
radio.uart = COM6
radio.tx = 38                           # PC6, Arduino D1
radio.rx = 39                           # PC7, Arduino D0
radio.baud = 115200
radio.power_enable = -1
radio.pwrkey = 145                      # PJ1, Arduino D2
radio.pwrkey_active = low
radio.reset = 86                        # PF6, Arduino D3
radio.reset_active = low
radio.dtr = 144                         # PJ0, Arduino D4
radio.dtr_active = low
radio.ri = 40                           # PC8, Arduino D5
radio.ri_active = low
led = 157                               # LD1 (PJ13)
led_active = high
