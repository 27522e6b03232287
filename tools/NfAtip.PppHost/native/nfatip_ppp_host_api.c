//-----------------------------------------------------------------------------
//
//  libnfatip_ppp_host: the board's PPP session core (nfatip_ppp.h, exported as
//  it is) for a .NET process on the PC, which calls it by P/Invoke with the
//  same signatures as the board's NativePpp interop. Two additions the board
//  does not need: lwIP's tcpip thread is started once per process, and the
//  caller says which file descriptor is the module's UART (a Unix socket to
//  the simulated ISP). And lwIP's memory use, for the PC's tests and
//  benchmarks (LWIP_STATS).
//
//-----------------------------------------------------------------------------

#include "nfatip_ppp_port_host.h"

#include <lwip/memp.h>
#include <lwip/stats.h>
#include <lwip/tcpip.h>

#include <stdio.h>

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

// The pools' names in memp_t order, from lwIP's own list (lwip/priv/memp_std.h).
static const char *const PoolNames[MEMP_MAX] = {
#define LWIP_MEMPOOL(name, num, size, desc) #name,
#include <lwip/priv/memp_std.h>
};

// lwIP's memory in this process as text, one "NAME USED PEAK" line each: "heap" (bytes from mem_malloc:
// PBUF_RAM and, with MEMP_MEM_MALLOC, every pool element too), then each pool's elements (TCP_PCB, NETCONN,
// PBUF_POOL, ...). Returns the length written (at most size - 1), or -1 when size is too small.
int nfatip_host_lwip_memory(char *text, int size)
{
    int n = snprintf(text, (size_t)size, "heap %lu %lu\n", (unsigned long)lwip_stats.mem.used, (unsigned long)lwip_stats.mem.max);
    for (int i = 0; i < MEMP_MAX && n >= 0 && n < size; i++)
    {
        const struct stats_mem *pool = lwip_stats.memp[i];
        int more = snprintf(text + n, (size_t)(size - n), "%s %lu %lu\n", PoolNames[i],
                            (unsigned long)(pool != NULL ? pool->used : 0), (unsigned long)(pool != NULL ? pool->max : 0));
        n = more < 0 ? -1 : n + more;
    }
    return n >= 0 && n < size ? n : -1;
}

// Starts the peaks again from what is in use now (a benchmark's own peak).
void nfatip_host_lwip_memory_reset_peaks(void)
{
    SYS_ARCH_DECL_PROTECT(old);
    SYS_ARCH_PROTECT(old);
    lwip_stats.mem.max = lwip_stats.mem.used;
    for (int i = 0; i < MEMP_MAX; i++)
    {
        if (lwip_stats.memp[i] != NULL)
        {
            lwip_stats.memp[i]->max = lwip_stats.memp[i]->used;
        }
    }
    SYS_ARCH_UNPROTECT(old);
}
