/* OpenSSL's libcrypto (Debian libssl-dev, OpenSSL 3) for Hashing: SHA-256 through EVP and one-shot HMAC.
   Nothing else imports it; no deprecated 1.x interface is used. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
