//-----------------------------------------------------------------------------
//
//  lwIP options of the PC build (nfatip-ppp-peer and, later, the virtual
//  board's PPP library), over Debian's unix port (pthreads sys_arch).
//
//  The PPP set is the one the board images get from lwipopts_nfatip.h: PPP over
//  serial, PAP, CHAP, the server, the thread-safe PPP API; MS-CHAP, MPPE, PPPoE,
//  PPPoL2TP and VJ off. Differences from the ESP32 image, because of the PC:
//  memory from the C library instead of lwIP's pools (MEM_LIBC_MALLOC,
//  MEMP_MEM_MALLOC), no IPv6 yet, the socket API under lwip_* names only (the
//  host's libc owns the plain names), the unix port's own core locking, memory
//  statistics (LWIP_STATS: the tests and benchmarks read them), and LCP echo every 2 s instead of 10 (a dead link is noticed in ~6-8 s instead of
//  ~30-40 s: the link-failure tests wait for it).
//
//-----------------------------------------------------------------------------

#ifndef NFATIP_HOST_LWIPOPTS_H
#define NFATIP_HOST_LWIPOPTS_H

#define NO_SYS 0
#define LWIP_TCPIP_CORE_LOCKING 1
// The socket API (lwip_* names; the host's own struct sockaddr and friends, as Debian's port sets it up).
#define LWIP_SOCKET 1
#define LWIP_NETCONN 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_SOCKET_EXTERNAL_HEADERS 1
#define LWIP_SOCKET_EXTERNAL_HEADER_SOCKETS_H "posix/sockets.h"
#define LWIP_SOCKET_EXTERNAL_HEADER_INET_H "posix/inet.h"
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define SO_REUSE 1 // as both images (ESP32 CONFIG_LWIP_SO_REUSE, ChibiOS lwipopts.h): listeners set SO_REUSEADDR
#define LWIP_TIMEVAL_PRIVATE 0

#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#if defined __LP64__
#define MEM_ALIGNMENT 8
#else
#define MEM_ALIGNMENT 4
#endif

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DNS 1
#define LWIP_ARP 0
#define LWIP_ETHERNET 0
// Numbers, not expressions of TCP_MSS: Debian's external socket headers (posix/sockets.h) include glibc's
// <netinet/tcp.h>, whose own TCP_MSS (512, a BSD socket-option relic) replaces lwIP's in every file that
// includes lwIP's sockets.h (memp.c among them). Pools sized there with PBUF_POOL_BUFSIZE from 512 and
// pppos.c filling pbufs to the size from 1460 overran the heap (found with AddressSanitizer: a 592-byte
// pbuf written past its end during an FTPGET through PPP).
#define TCP_MSS 1460
#define PBUF_POOL_BUFSIZE 1520       // TCP_MSS + 40 (IP and TCP headers) + 14 (link header), aligned
#define TCP_WND 5840                 // 4 * TCP_MSS, lwIP's default
#define TCP_SND_BUF 5840             // 4 * TCP_MSS
#define TCP_SND_QUEUELEN 24          // >= 2 * TCP_SND_BUF / TCP_MSS (init.c checks it) even where TCP_MSS reads 512
#define LWIP_NOASSERT_ON_ERROR 1
// Memory statistics only (the PC's tests and benchmarks read them: nfatip_host_lwip_memory).
#define LWIP_STATS 1
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define IPFRAG_STATS 0
#define ICMP_STATS 0
#define IGMP_STATS 0
#define UDP_STATS 0
#define TCP_STATS 0
#define SYS_STATS 0

// PPP: the images' set (firmware/native/NfAtip.Ppp/lwipopts_nfatip.h).
#define PPP_SUPPORT 1
#define PPPOS_SUPPORT 1
#define PAP_SUPPORT 1
#define CHAP_SUPPORT 1
#define PPP_SERVER 1
#define LWIP_PPP_API 1
#define MSCHAP_SUPPORT 0
#define MPPE_SUPPORT 0
#define PPPOE_SUPPORT 0
#define PPPOL2TP_SUPPORT 0
#define VJ_SUPPORT 0
#define PPP_IPV6_SUPPORT 0
#define PPP_INPROC_IRQ_SAFE 0
// LCP echo keepalive (the images: 10 s, 3 failures; see above).
#define LCP_ECHOINTERVAL 2
#define LCP_MAXECHOFAILS 3

// IPv4 input hook (lwIP's LWIP_HOOK_IP4_INPUT, tcpip thread): nfatip-ppp-isp takes the session's packets
// there for slirp (PPP hands them to ip4_input directly); everywhere else it returns 0 (not taken).
struct pbuf;
struct netif;
int nfatip_host_ip4_input_hook(struct pbuf *p, struct netif *inp);
#define LWIP_HOOK_IP4_INPUT(p, inp) nfatip_host_ip4_input_hook(p, inp)

// The unix port's thread checks and core lock (port/sys_arch.c).
void sys_check_core_locking(void);
#define LWIP_ASSERT_CORE_LOCKED() sys_check_core_locking()
void sys_mark_tcpip_thread(void);
#define LWIP_MARK_TCPIP_THREAD() sys_mark_tcpip_thread()
void sys_lock_tcpip_core(void);
#define LOCK_TCPIP_CORE() sys_lock_tcpip_core()
void sys_unlock_tcpip_core(void);
#define UNLOCK_TCPIP_CORE() sys_unlock_tcpip_core()

#endif // NFATIP_HOST_LWIPOPTS_H
