// The STM32 (ChibiOS) image's PPP option set, as the image instructions ship it: nf-interpreter's
// ChibiOS lwipopts.h enables no PPP, the target's target_lwipopts.h includes lwipopts_nfatip.h, which
// turns it all on. Compile check of the session core only.
#include "../common.h"
#include "lwipopts_nfatip.h"
