//-----------------------------------------------------------------------------
//
//  nf-atip: the lwIP options the NfAtip.Ppp interop needs on top of those
//  nf-interpreter's targets set (ESP32 and STM32/ChibiOS).
//
//  nf-interpreter builds ESP32 images with its own targets/ESP32/_include/lwipopts.h
//  ahead of ESP-IDF's. At the pinned revision (README.md, "The pinned
//  nf-interpreter revision") that file turns PPP, PAP and CHAP on from the
//  sdkconfig but never defines PPP_SERVER, so CONFIG_LWIP_PPP_SERVER_SUPPORT
//  alone changes nothing: lwIP's opt.h then defaults PPP_SERVER to 0, the
//  server API (ppp_set_auth_required, pppapi_listen, ppp_settings.auth_required)
//  is compiled out and NfAtip_Ppp_NfAtip_Ppp_NativePpp.cpp stops with its
//  #error. ESP-IDF's own lwipopts.h derives PPP_SERVER from that option; this
//  header does the same for nf-interpreter's.
//
//  Use (ESP32): copy this file next to targets/ESP32/_include/lwipopts.h and add
//      #include "lwipopts_nfatip.h"
//  as the last line before that file's closing include guard (README.md, image
//  step 4). STM32: the same line at the end of the target's target_lwipopts.h
//  (hardware/stm32f769i-disco-sim800l/README.md). The options are read by lwIP's opt.h after lwipopts.h, so their
//  place in the file does not matter as long as it is inside it.
//
//-----------------------------------------------------------------------------

#ifndef LWIPOPTS_NFATIP_H
#define LWIPOPTS_NFATIP_H

#if defined(ESP_PLATFORM)

// ESP32: PPP, PAP and CHAP come from the sdkconfig (sdkconfig.ppp) through nf-interpreter's lwipopts.h;
// the server is the piece it leaves out.
#if defined(CONFIG_LWIP_PPP_SUPPORT) && defined(CONFIG_LWIP_PPP_SERVER_SUPPORT)
#undef PPP_SERVER
#define PPP_SERVER 1
#endif

#else

// STM32 (ChibiOS): nf-interpreter's ChibiOS lwipopts.h enables no PPP at all, and its lwIP build compiles
// no PPP sources (FindINTEROP-NfAtip.Ppp.cmake adds them). Included from the target's target_lwipopts.h.
#undef PPP_SUPPORT
#define PPP_SUPPORT 1
#undef PAP_SUPPORT
#define PAP_SUPPORT 1
#undef CHAP_SUPPORT
#define CHAP_SUPPORT 1
#undef PPP_SERVER
#define PPP_SERVER 1
// MS-CHAP, MPPE, PPPoE, PPPoL2TP and VJ compression: not needed, and smaller without.
#define MSCHAP_SUPPORT 0
#define MPPE_SUPPORT 0
#define PPPOE_SUPPORT 0
#define PPPOL2TP_SUPPORT 0
#define VJ_SUPPORT 0
// One session; bytes reach lwIP from a thread (pppos_input_tcpip), not from an interrupt.
#define MEMP_NUM_PPP_PCB 1
// nf-interpreter's ChibiOS lwipopts.h counts one sys timeout for PPP; a PPP pcb runs several
// (PPP_NUM_TIMEOUTS_PER_PCB): lwIP's own count of what the enabled modules need, plus room for SNTP and
// the others nf-interpreter's count had.
#undef MEMP_NUM_SYS_TIMEOUT
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 4)
#define PPP_INPROC_IRQ_SAFE 0
// The peer's DNS servers (IPCP) go to lwIP's resolver.
#define LWIP_DNS 1
// LCP echo keepalive, as sdkconfig.ppp sets it for ESP32: a silently dead link ends the session after
// 3 unanswered echoes 10 s apart (lwIP's default is off: such a link would stay "up" for ever).
#undef LCP_ECHOINTERVAL
#define LCP_ECHOINTERVAL 10
#undef LCP_MAXECHOFAILS
#define LCP_MAXECHOFAILS 3

#endif

// PPP over serial and the thread-safe PPP API: lwIP's opt.h derives both from PPP_SUPPORT (and NO_SYS == 0,
// true on both targets); stated here so a change of default in a later lwIP cannot switch them off unnoticed.
#if PPP_SUPPORT || defined(CONFIG_LWIP_PPP_SUPPORT)
#ifndef PPPOS_SUPPORT
#define PPPOS_SUPPORT 1
#endif
#ifndef LWIP_PPP_API
#define LWIP_PPP_API 1
#endif
#endif

#endif // LWIPOPTS_NFATIP_H
