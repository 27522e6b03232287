//-----------------------------------------------------------------------------
//
//  nf-atip PPP port for STM32 (nfatip_ppp_port.h): the ChibiOS HAL UARTDriver
//  and a ChibiOS thread. COM index n is UARTD(n+1) (COM6 is USART6, UARTD6).
//
//  Hand-over: nanoFramework's ChibiOS serial driver runs each COM port on the
//  HAL UARTDriver and its Dispose calls uartStop; the pins stay in the
//  alternate function the image gave them at build time (STM32 images fix the
//  pins: the pin arguments are ignored here). Open refuses a driver that is not
//  stopped and starts it with this port's callbacks; close stops it again so
//  the managed side can reopen the port.
//
//  Receive: the driver's rxchar callback (an interrupt) puts each byte into a
//  ring; the receive thread takes them out in chunks. A full ring (the session
//  core waits out ERR_MEM; without RTS/CTS the module cannot be held) counts the
//  byte as lost (nfatip_port_uart_lost, bring-up check 10). Send: a copy of the
//  frame goes out by DMA; the caller (lwIP's tcpip thread) waits for its end.
//
//-----------------------------------------------------------------------------

#if defined(_CHIBIOS_RT_)

#include "nfatip_ppp_port.h"

#include <string.h>

#include <ch.h>
#include <hal.h>

static const int RingSize = 2048;        // received bytes not yet taken by the thread (power of two)
static const int TxMax = 1600;           // the longest PPP frame lwIP writes at once (HDLC-escaped, MRU 1500)
static const int TxWaitPerByteUs = 100;  // send time bound: 10 bits a byte at >= 115200 bd, with margin

static UARTDriver *s_driver;
static UARTConfig s_config;
static uint8_t s_ring[RingSize];
static volatile uint32_t s_head;         // written by the interrupt
static volatile uint32_t s_tail;         // written by the receive thread
static volatile uint32_t s_lost;
static binary_semaphore_t s_rxReady;
static binary_semaphore_t s_txDone;
CC_ALIGN_DATA(32) static uint8_t s_tx[TxMax];
static void (*s_loop)(void);
static thread_t *s_thread;
static THD_WORKING_AREA(s_rxArea, 1024);

static UARTDriver *DriverOf(int comIndex)
{
    switch (comIndex)
    {
#if STM32_UART_USE_USART1
        case 0:
            return &UARTD1;
#endif
#if STM32_UART_USE_USART2
        case 1:
            return &UARTD2;
#endif
#if STM32_UART_USE_USART3
        case 2:
            return &UARTD3;
#endif
#if STM32_UART_USE_UART4
        case 3:
            return &UARTD4;
#endif
#if STM32_UART_USE_UART5
        case 4:
            return &UARTD5;
#endif
#if STM32_UART_USE_USART6
        case 5:
            return &UARTD6;
#endif
#if STM32_UART_USE_UART7
        case 6:
            return &UARTD7;
#endif
#if STM32_UART_USE_UART8
        case 7:
            return &UARTD8;
#endif
        default:
            return NULL;
    }
}

static void RxChar(UARTDriver *uartp, uint16_t c)
{
    (void)uartp;
    uint32_t head = s_head;
    if (head - s_tail >= (uint32_t)RingSize)
    {
        s_lost = s_lost + 1;
        return;
    }
    s_ring[head & (RingSize - 1)] = (uint8_t)c;
    s_head = head + 1;
    chSysLockFromISR();
    chBSemSignalI(&s_rxReady);
    chSysUnlockFromISR();
}

static void TxEnd(UARTDriver *uartp)
{
    (void)uartp;
    chSysLockFromISR();
    chBSemSignalI(&s_txDone);
    chSysUnlockFromISR();
}

bool nfatip_port_uart_valid(int comIndex)
{
    return DriverOf(comIndex) != NULL;
}

bool nfatip_port_uart_open(int comIndex, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin)
{
    (void)txPin;
    (void)rxPin;
    UARTDriver *driver = DriverOf(comIndex);
    // Never take a UART another owner still drives: the managed SerialPort must have been disposed.
    if (driver == NULL || driver->state != UART_STOP)
    {
        return false;
    }
    memset(&s_config, 0, sizeof(s_config));
    s_config.txend1_cb = TxEnd;
    s_config.rxchar_cb = RxChar;
#if defined(STM32F7XX) || defined(STM32F0XX)
    // UART driver v2 (as nf-interpreter's own serial driver sets it): no receive timeout.
    s_config.timeout_cb = NULL;
    s_config.timeout = 0;
#endif
    s_config.speed = (uint32_t)baudRate;
    s_config.cr1 = 0; // 8N1
    s_config.cr2 = USART_CR2_STOP1_BITS;
    // RTS/CTS only where the image routed those pins (the reference images do not).
    s_config.cr3 = (rtsPin >= 0 && ctsPin >= 0) ? (USART_CR3_RTSE | USART_CR3_CTSE) : 0;
    s_head = s_tail = 0;
    s_lost = 0;
    chBSemObjectInit(&s_rxReady, true);
    chBSemObjectInit(&s_txDone, true);
    uartStart(driver, &s_config);
    s_driver = driver;
    return true;
}

void nfatip_port_uart_close(void)
{
    if (s_driver != NULL)
    {
        uartStop(s_driver);
        s_driver = NULL;
    }
}

uint32_t nfatip_port_uart_write(const uint8_t *data, uint32_t length)
{
    if (s_driver == NULL || length == 0 || length > (uint32_t)TxMax)
    {
        return 0; // lwIP drops the frame
    }
    memcpy(s_tx, data, length);
#if defined(__DCACHE_PRESENT) && (__DCACHE_PRESENT == 1)
    // The DMA reads memory, not the data cache.
    cacheBufferFlush(s_tx, length);
#endif
    chBSemReset(&s_txDone, true);
    uartStartSend(s_driver, length, s_tx);
    sysinterval_t bound = TIME_US2I(length * TxWaitPerByteUs) + TIME_MS2I(10);
    if (chBSemWaitTimeout(&s_txDone, bound) != MSG_OK)
    {
        uartStopSend(s_driver);
        return 0;
    }
    return length;
}

int nfatip_port_uart_read(uint8_t *buffer, int size, int timeoutMs)
{
    if (s_head == s_tail)
    {
        chBSemWaitTimeout(&s_rxReady, TIME_MS2I(timeoutMs));
    }
    int n = 0;
    uint32_t tail = s_tail;
    while (n < size && tail != s_head)
    {
        buffer[n++] = s_ring[tail & (RingSize - 1)];
        tail++;
    }
    s_tail = tail;
    return n;
}

uint32_t nfatip_port_uart_lost(void)
{
    return s_lost;
}

static THD_FUNCTION(RxThread, arg)
{
    (void)arg;
    chRegSetThreadName("nfatip_ppp_rx");
    s_loop();
}

bool nfatip_port_rx_start(void (*loop)(void))
{
    s_loop = loop;
    s_thread = chThdCreateStatic(s_rxArea, sizeof(s_rxArea), NORMALPRIO + 1, RxThread, NULL);
    return s_thread != NULL;
}

bool nfatip_port_rx_finished(void)
{
    if (s_thread == NULL)
    {
        return true;
    }
    // A static thread: once terminated its working area may be reused by the next start.
    if (!chThdTerminatedX(s_thread))
    {
        return false;
    }
    s_thread = NULL;
    return true;
}

void nfatip_port_sleep_ms(int ms)
{
    chThdSleepMilliseconds(ms > 0 ? ms : 1);
}

#endif // _CHIBIOS_RT_
