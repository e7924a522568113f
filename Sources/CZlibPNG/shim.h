// zlib (Debian's zlib1g-dev): deflate and CRC-32 for the PNG writer of DynamicsPlots.
#include <zlib.h>
