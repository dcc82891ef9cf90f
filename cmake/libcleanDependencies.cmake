# Imported targets for libclean's third-party dependencies:
#   clean::pcre2      PCRE2, 8-bit code units (pkg-config module libpcre2-8)
#   clean::unistring  GNU libunistring (no pkg-config file on Debian)
#   clean::uchardet   uchardet, the encoding guess (pkg-config module uchardet)
#
# Used twice: by libclean's own build, and installed next to
# libcleanConfig.cmake so that consumers of clean::clean_static get the same
# targets (the shared library needs neither at consumer link time).
#
# Set CLEAN_DEPENDENCIES_REQUIRED to a true value to stop with an error when
# a dependency is missing; otherwise a missing one is reported in
# CLEAN_DEPENDENCIES_MISSING and its target is not created.

set(CLEAN_DEPENDENCIES_MISSING "")

if(NOT TARGET clean::pcre2)
  set(_clean_pcre2_libs "")
  set(_clean_pcre2_incs "")
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(CLEAN_PCRE2 QUIET libpcre2-8)
  endif()
  if(CLEAN_PCRE2_FOUND)
    # Full paths of the libraries pkg-config names (CMake >= 3.12).
    set(_clean_pcre2_libs ${CLEAN_PCRE2_LINK_LIBRARIES})
    set(_clean_pcre2_incs ${CLEAN_PCRE2_INCLUDE_DIRS})
  else()
    # No pkg-config, or no .pc file: look for the library directly.
    find_library(CLEAN_PCRE2_LIBRARY NAMES pcre2-8)
    find_path(CLEAN_PCRE2_INCLUDE_DIR NAMES pcre2.h)
    if(CLEAN_PCRE2_LIBRARY AND CLEAN_PCRE2_INCLUDE_DIR)
      set(_clean_pcre2_libs "${CLEAN_PCRE2_LIBRARY}")
      set(_clean_pcre2_incs "${CLEAN_PCRE2_INCLUDE_DIR}")
    endif()
  endif()
  if(_clean_pcre2_libs)
    add_library(clean::pcre2 INTERFACE IMPORTED)
    set_target_properties(clean::pcre2 PROPERTIES
      INTERFACE_LINK_LIBRARIES "${_clean_pcre2_libs}"
      INTERFACE_INCLUDE_DIRECTORIES "${_clean_pcre2_incs}"
      INTERFACE_COMPILE_DEFINITIONS "PCRE2_CODE_UNIT_WIDTH=8")
  else()
    list(APPEND CLEAN_DEPENDENCIES_MISSING "PCRE2 (libpcre2-8; Debian: libpcre2-dev)")
  endif()
  unset(_clean_pcre2_libs)
  unset(_clean_pcre2_incs)
endif()

if(NOT TARGET clean::unistring)
  find_library(CLEAN_UNISTRING_LIBRARY NAMES unistring)
  find_path(CLEAN_UNISTRING_INCLUDE_DIR NAMES unistr.h)
  if(CLEAN_UNISTRING_LIBRARY AND CLEAN_UNISTRING_INCLUDE_DIR)
    add_library(clean::unistring UNKNOWN IMPORTED)
    set_target_properties(clean::unistring PROPERTIES
      IMPORTED_LOCATION "${CLEAN_UNISTRING_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${CLEAN_UNISTRING_INCLUDE_DIR}")
  else()
    list(APPEND CLEAN_DEPENDENCIES_MISSING "libunistring (Debian: libunistring-dev)")
  endif()
endif()

if(NOT TARGET clean::uchardet)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(CLEAN_UCHARDET QUIET uchardet)
  endif()
  if(CLEAN_UCHARDET_FOUND)
    add_library(clean::uchardet INTERFACE IMPORTED)
    set_target_properties(clean::uchardet PROPERTIES
      INTERFACE_LINK_LIBRARIES "${CLEAN_UCHARDET_LINK_LIBRARIES}"
      INTERFACE_INCLUDE_DIRECTORIES "${CLEAN_UCHARDET_INCLUDE_DIRS}")
  else()
    list(APPEND CLEAN_DEPENDENCIES_MISSING "uchardet (Debian: libuchardet-dev)")
  endif()
endif()

if(CLEAN_DEPENDENCIES_MISSING AND CLEAN_DEPENDENCIES_REQUIRED)
  string(REPLACE ";" ", " _clean_missing "${CLEAN_DEPENDENCIES_MISSING}")
  message(FATAL_ERROR "libclean: missing dependencies: ${_clean_missing}")
endif()
