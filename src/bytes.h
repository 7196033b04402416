/* Bytes in buffers: big-endian integers (TrueType tables, ICC profiles), read and written a
 * byte at a time, so any alignment and any host byte order; the zero bytes of a 64-bit word
 * (text scanned eight bytes at a time); and the 64-bit FNV-1a hash of bytes. */
#ifndef BG_BYTES_H
#define BG_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t bg_rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t bg_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void bg_wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void bg_wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The high bit set in each byte of @x that is zero, and in no other: the exact test of
 * Hacker's Delight 6-1 (no false hit after a zero byte, unlike the short form). */
static inline uint64_t bg_zero_bytes(uint64_t x)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    return ~(((x & low7) + low7) | x | low7);
}

/* @c in each of the eight bytes of a word. */
static inline uint64_t bg_bytes_of(unsigned char c)
{
    return 0x0101010101010101ull * c;
}

/* 64-bit FNV-1a: a hash starts at BG_FNV_BASIS and takes each byte with bg_fnv_step (the
 * callers that fold bytes first, or hash one byte longer per step, use the step alone). */
#define BG_FNV_BASIS 1469598103934665603ull

static inline uint64_t bg_fnv_step(uint64_t h, unsigned char byte)
{
    return (h ^ byte) * 1099511628211ull;
}

/* The FNV-1a hash of the @n bytes at @p. */
static inline uint64_t bg_fnv(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = BG_FNV_BASIS;
    for (size_t i = 0; i < n; i++) {
        h = bg_fnv_step(h, b[i]);
    }
    return h;
}

#endif
