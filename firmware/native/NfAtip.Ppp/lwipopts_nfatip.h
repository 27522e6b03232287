//-----------------------------------------------------------------------------
//
//  nf-atip: the lwIP options the NfAtip.Ppp interop needs on top of those
//  nf-interpreter's ESP32 target sets.
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
//  Use: copy this file next to targets/ESP32/_include/lwipopts.h and add
//      #include "lwipopts_nfatip.h"
//  as the last line before that file's closing include guard (README.md, image
//  step 4). The options are read by lwIP's opt.h after lwipopts.h, so their
//  place in the file does not matter as long as it is inside it.
//
//-----------------------------------------------------------------------------

#ifndef LWIPOPTS_NFATIP_H
#define LWIPOPTS_NFATIP_H

#if defined(CONFIG_LWIP_PPP_SUPPORT) && defined(CONFIG_LWIP_PPP_SERVER_SUPPORT)
#undef PPP_SERVER
#define PPP_SERVER 1
#endif

// PPP over serial and the thread-safe PPP API: lwIP's opt.h derives both from PPP_SUPPORT (and NO_SYS == 0,
// true on ESP32); stated here so a change of default in a later lwIP cannot switch them off unnoticed.
#if defined(CONFIG_LWIP_PPP_SUPPORT)
#ifndef PPPOS_SUPPORT
#define PPPOS_SUPPORT 1
#endif
#ifndef LWIP_PPP_API
#define LWIP_PPP_API 1
#endif
#endif

#endif // LWIPOPTS_NFATIP_H
