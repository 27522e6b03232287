//-----------------------------------------------------------------------------
//
//  libnfatip_ppp_host: the board's PPP session core (nfatip_ppp.h, exported as
//  it is) for a .NET process on the PC, which calls it by P/Invoke with the
//  same signatures as the board's NativePpp interop. Two additions the board
//  does not need: lwIP's tcpip thread is started once per process, and the
//  caller says which file descriptor is the module's UART (a Unix socket to
//  the simulated ISP).
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp_port_host.h"

#include <lwip/tcpip.h>

#include <pthread.h>
#include <semaphore.h>

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static sem_t s_ready;

static void Ready(void *arg)
{
    (void)arg;
    sem_post(&s_ready);
}

static void Start(void)
{
    sem_init(&s_ready, 0, 0);
    tcpip_init(Ready, NULL);
    sem_wait(&s_ready);
}

// Starts lwIP (once per process) and makes fd the line of the next session.
void nfatip_host_use_line(int fd)
{
    pthread_once(&s_once, Start);
    nfatip_port_host_set_line(fd);
}
