/* Shared includes for the cmocka unit tests. */
#ifndef BG_TEST_SUPPORT_H
#define BG_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
