// The ESP32 image's PPP option set, as the image instructions ship it: sdkconfig.ppp's options, which
// nf-interpreter's ESP32 lwipopts.h turns into PPP_SUPPORT, PAP_SUPPORT and CHAP_SUPPORT, then
// lwipopts_nfatip.h (which adds PPP_SERVER). Compile check of the session core only.
#include "../common.h"
#define ESP_PLATFORM 1
#define CONFIG_LWIP_PPP_SUPPORT 1
#define CONFIG_LWIP_PPP_PAP_SUPPORT 1
#define CONFIG_LWIP_PPP_CHAP_SUPPORT 1
#define CONFIG_LWIP_PPP_SERVER_SUPPORT 1
#define PPP_SUPPORT 1
#define PAP_SUPPORT CONFIG_LWIP_PPP_PAP_SUPPORT
#define CHAP_SUPPORT CONFIG_LWIP_PPP_CHAP_SUPPORT
#define MSCHAP_SUPPORT 0
#define MPPE_SUPPORT 0
#include "lwipopts_nfatip.h"
