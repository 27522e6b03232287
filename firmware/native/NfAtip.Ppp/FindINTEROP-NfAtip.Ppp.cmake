#
# nf-atip: CMake module for the NfAtip.Ppp interop assembly (lwIP PPPoS over the module UART).
# NOT RUN HERE (no ESP-IDF or ChibiOS toolchain on the nf-atip build machines).
#
# Copy this file to <nf-interpreter>/CMake/Modules/ and the folder holding it to
# <nf-interpreter>/InteropAssemblies/NfAtip.Ppp (or set NFATIP_PPP_SOURCE_DIR to this folder), then
# configure the image with NF_INTEROP_ASSEMBLIES containing "NfAtip.Ppp": nf-interpreter's
# ParseInteropAssemblies() calls find_package(INTEROP-NfAtip.Ppp) and adds NfAtip.Ppp_INCLUDE_DIRS and
# NfAtip.Ppp_SOURCES to the native assemblies library, and g_CLR_AssemblyNative_NfAtip_Ppp to its table.
#

if(DEFINED NFATIP_PPP_SOURCE_DIR)
    set(BASE_PATH_FOR_THIS_MODULE ${NFATIP_PPP_SOURCE_DIR})
else()
    set(BASE_PATH_FOR_THIS_MODULE ${PROJECT_SOURCE_DIR}/InteropAssemblies/NfAtip.Ppp)
endif()

list(APPEND NfAtip.Ppp_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND NfAtip.Ppp_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND NfAtip.Ppp_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND NfAtip.Ppp_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND NfAtip.Ppp_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE})

# The interop glue, the portable PPP session core and the platform's port (nfatip_ppp_port.h).
set(NfAtip.Ppp_SRCS
    NfAtip_Ppp.cpp
    NfAtip_Ppp_NfAtip_Ppp_NativePpp_mshl.cpp
    NfAtip_Ppp_NfAtip_Ppp_NativePpp.cpp
    nfatip_ppp.c
)
if(RTOS_ESP32_CHECK)
    list(APPEND NfAtip.Ppp_SRCS nfatip_ppp_port_esp32.cpp)
elseif(RTOS_CHIBIOS_CHECK)
    list(APPEND NfAtip.Ppp_SRCS nfatip_ppp_port_chibios.cpp)
else()
    message(FATAL_ERROR "NfAtip.Ppp has ports for ESP32 (ESP-IDF) and STM32 (ChibiOS) only")
endif()

foreach(SRC_FILE ${NfAtip.Ppp_SRCS})
    set(NfAtip.Ppp_SRC_FILE SRC_FILE-NOTFOUND)
    find_file(NfAtip.Ppp_SRC_FILE ${SRC_FILE}
        PATHS ${BASE_PATH_FOR_THIS_MODULE}
        CMAKE_FIND_ROOT_PATH_BOTH
    )
    list(APPEND NfAtip.Ppp_SOURCES ${NfAtip.Ppp_SRC_FILE})
endforeach()

# ESP32: ESP-IDF's lwip component compiles lwIP's PPP sources (CONFIG_LWIP_PPP_SUPPORT). ChibiOS:
# nf-interpreter's lwIP build (CMake/Modules/FindlwIP.cmake) compiles none of them, so the interop brings
# them, from the lwIP sources that build fetched (lwip_SOURCE_DIR), with the target's lwipopts.h (which
# must include lwipopts_nfatip.h: hardware/stm32f769i-disco-sim800l/README.md).
if(RTOS_CHIBIOS_CHECK)
    if(NOT DEFINED lwip_SOURCE_DIR)
        message(FATAL_ERROR "NfAtip.Ppp on ChibiOS needs the networking build (lwIP): lwip_SOURCE_DIR is not set")
    endif()
    file(GLOB NfAtip.Ppp_LWIP_PPP_SOURCES
        ${lwip_SOURCE_DIR}/src/netif/ppp/*.c
        ${lwip_SOURCE_DIR}/src/netif/ppp/polarssl/*.c
    )
    list(APPEND NfAtip.Ppp_SOURCES ${NfAtip.Ppp_LWIP_PPP_SOURCES})
endif()

include(FindPackageHandleStandardArgs)

FIND_PACKAGE_HANDLE_STANDARD_ARGS(NfAtip.Ppp DEFAULT_MSG NfAtip.Ppp_INCLUDE_DIRS NfAtip.Ppp_SOURCES)
