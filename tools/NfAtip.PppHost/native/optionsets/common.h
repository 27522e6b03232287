// The part of the board images' lwIP options the PPP session core does not depend on, as on the PC
// (lwipopts.h beside this folder): compiled here only to prove the core builds with each image's PPP set.
#ifndef NFATIP_OPTIONSET_COMMON_H
#define NFATIP_OPTIONSET_COMMON_H
#define NO_SYS 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#define LWIP_IPV6 0
#define LWIP_ARP 0
#define LWIP_ETHERNET 0
#define LWIP_DNS 1
#endif
