//-----------------------------------------------------------------------------
//
//  nf-atip PPP port for the PC (nfatip_ppp_port.h): the "UART" is a file
//  descriptor (a Unix socket or a pty: the simulated module's line), the
//  receive thread a pthread. COM index 0 only; baud rate and pins are the
//  line's business, not this port's.
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp_port.h"
#include "nfatip_ppp_port_host.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static int s_lineFd = -1;     // given by the program before a session
static int s_openFd = -1;     // the line while a session owns it
static void (*s_loop)(void);
static pthread_t s_thread;
static atomic_bool s_running;
static atomic_bool s_finished;

void nfatip_port_host_set_line(int fd)
{
    s_lineFd = fd;
}

static int (*s_ip4Input)(struct pbuf *p, struct netif *inp);

void nfatip_port_host_set_ip4_input(int (*take)(struct pbuf *p, struct netif *inp))
{
    s_ip4Input = take;
}

// lwipopts.h's LWIP_HOOK_IP4_INPUT.
int nfatip_host_ip4_input_hook(struct pbuf *p, struct netif *inp)
{
    return s_ip4Input != NULL ? s_ip4Input(p, inp) : 0;
}

bool nfatip_port_uart_valid(int comIndex)
{
    return comIndex == 0;
}

bool nfatip_port_uart_open(int comIndex, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin)
{
    (void)comIndex;
    (void)baudRate;
    (void)txPin;
    (void)rxPin;
    (void)rtsPin;
    (void)ctsPin;
    if (s_lineFd < 0 || s_openFd >= 0)
    {
        return false;
    }
    s_openFd = s_lineFd;
    return true;
}

void nfatip_port_uart_close(void)
{
    s_openFd = -1;
}

uint32_t nfatip_port_uart_write(const uint8_t *data, uint32_t length)
{
    uint32_t done = 0;
    while (done < length && s_openFd >= 0)
    {
        ssize_t n = write(s_openFd, data + done, length - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            break; // the line is gone: lwIP drops the frame, the peer's silence ends the session
        }
        done += (uint32_t)n;
    }
    return done;
}

int nfatip_port_uart_read(uint8_t *buffer, int size, int timeoutMs)
{
    int fd = s_openFd;
    if (fd < 0)
    {
        return 0;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int ready = poll(&p, 1, timeoutMs);
    if (ready <= 0 || (p.revents & POLLIN) == 0)
    {
        if (ready > 0 && (p.revents & (POLLHUP | POLLERR)))
        {
            nfatip_port_sleep_ms(timeoutMs); // a closed line: no busy loop while the session notices
        }
        return 0;
    }
    ssize_t n = read(fd, buffer, (size_t)size);
    return n > 0 ? (int)n : 0;
}

uint32_t nfatip_port_uart_lost(void)
{
    return 0; // a socket or pty loses nothing
}

static void *RxThread(void *arg)
{
    (void)arg;
    s_loop();
    atomic_store(&s_finished, true);
    return NULL;
}

bool nfatip_port_rx_start(void (*loop)(void))
{
    s_loop = loop;
    atomic_store(&s_finished, false);
    if (pthread_create(&s_thread, NULL, RxThread, NULL) != 0)
    {
        return false;
    }
    atomic_store(&s_running, true);
    return true;
}

bool nfatip_port_rx_finished(void)
{
    if (!atomic_load(&s_running))
    {
        return true;
    }
    if (!atomic_load(&s_finished))
    {
        return false;
    }
    pthread_join(s_thread, NULL); // has returned already: does not wait
    atomic_store(&s_running, false);
    return true;
}

void nfatip_port_sleep_ms(int ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
    {
    }
}
