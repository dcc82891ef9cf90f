/* WARC-Block-Digest values: "sha1:" and the SHA-1 (nettle) in base32
 * (RFC 4648, upper case), as Common Crawl writes them. */
#include "cli.h"

#include <nettle/sha1.h>

#define BASE32_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

/* 20 bytes are 160 bits, exactly 32 base32 digits: no padding. */
void sha1_base32(const char *bytes, size_t length, char out[SHA1_BASE32_SIZE])
{
    struct sha1_ctx ctx;
    uint8_t digest[SHA1_DIGEST_SIZE];
    sha1_init(&ctx);
    sha1_update(&ctx, length, (const uint8_t *)bytes);
    sha1_digest(&ctx, sizeof digest, digest);
    unsigned bits = 0, pending = 0;
    size_t written = 0;
    for (size_t i = 0; i < sizeof digest; i++) {
        pending = pending << 8 | digest[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[written++] = BASE32_ALPHABET[pending >> bits & 31];
        }
    }
    out[written] = '\0';
}
