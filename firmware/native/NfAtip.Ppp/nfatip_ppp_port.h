//-----------------------------------------------------------------------------
//
//  What a platform gives the PPP session core (nfatip_ppp.c): the module UART
//  and one receive thread. Implemented by nfatip_ppp_port_esp32.cpp (ESP-IDF
//  UART driver, FreeRTOS task), nfatip_ppp_port_chibios.cpp (ChibiOS HAL
//  UARTDriver, ChibiOS thread) and, on the PC, tools/NfAtip.PppHost/native/
//  nfatip_ppp_port_host.c (a file descriptor, a pthread). None of these may
//  block longer than stated.
//
//-----------------------------------------------------------------------------

#ifndef NFATIP_PPP_PORT_H
#define NFATIP_PPP_PORT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C"
{
#endif

    // The COM index (COM1 = 0) names a UART this platform has.
    bool nfatip_port_uart_valid(int comIndex);

    // Takes the UART for the session: false when another driver (the managed SerialPort) still has it, or
    // it refuses the configuration. Pins -1: keep their routing (STM32 images fix them at build time).
    bool nfatip_port_uart_open(int comIndex, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin);

    // Gives the UART up, so its managed owner can take it again.
    void nfatip_port_uart_close(void);

    // Queues bytes for sending (lwIP's output, tcpip thread); returns how many were taken.
    uint32_t nfatip_port_uart_write(const uint8_t *data, uint32_t length);

    // Received bytes, waiting at most timeoutMs for the first; 0 on timeout.
    int nfatip_port_uart_read(uint8_t *buffer, int size, int timeoutMs);

    // Received bytes the port had to drop since open (its buffer full), where it can tell.
    uint32_t nfatip_port_uart_lost(void);

    // Runs loop on a thread of its own; false when it cannot start.
    bool nfatip_port_rx_start(void (*loop)(void));

    // True once the loop started by nfatip_port_rx_start has returned (or none runs). Never waits.
    bool nfatip_port_rx_finished(void);

    void nfatip_port_sleep_ms(int ms);

#ifdef __cplusplus
}
#endif

#endif // NFATIP_PPP_PORT_H
