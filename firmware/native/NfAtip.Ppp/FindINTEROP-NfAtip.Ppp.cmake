#
# nf-atip: CMake module for the NfAtip.Ppp interop assembly (lwIP PPPoS over the module UART).
# NOT RUN HERE (no nf-interpreter / ESP-IDF toolchain on the nf-atip build machines).
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

set(NfAtip.Ppp_SRCS
    NfAtip_Ppp.cpp
    NfAtip_Ppp_NfAtip_Ppp_NativePpp_mshl.cpp
    NfAtip_Ppp_NfAtip_Ppp_NativePpp.cpp
)

foreach(SRC_FILE ${NfAtip.Ppp_SRCS})
    set(NfAtip.Ppp_SRC_FILE SRC_FILE-NOTFOUND)
    find_file(NfAtip.Ppp_SRC_FILE ${SRC_FILE}
        PATHS ${BASE_PATH_FOR_THIS_MODULE}
        CMAKE_FIND_ROOT_PATH_BOTH
    )
    list(APPEND NfAtip.Ppp_SOURCES ${NfAtip.Ppp_SRC_FILE})
endforeach()

include(FindPackageHandleStandardArgs)

FIND_PACKAGE_HANDLE_STANDARD_ARGS(NfAtip.Ppp DEFAULT_MSG NfAtip.Ppp_INCLUDE_DIRS NfAtip.Ppp_SOURCES)
