/*
 * a3s-reseed HEX: mixes the bytes HEX names into the kernel's entropy pool, credits them and
 * reseeds the CRNG at once (RNDADDENTROPY, RNDRESEEDCRNG). A box restored from a template
 * starts with the template's RNG state; writing to /dev/urandom would only mix the bytes in
 * and leave the CRNG's output unchanged until its next scheduled reseed.
 */
#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  struct {
    int entropy_count;
    int buf_size;
    unsigned char buf[64];
  } entropy;
  size_t len = argc == 2 ? strlen(argv[1]) : 0;
  if (len == 0 || len % 2 != 0 || len / 2 > sizeof entropy.buf) {
    fprintf(stderr, "usage: a3s-reseed HEX (2 to %zu hex digits)\n", 2 * sizeof entropy.buf);
    return 2;
  }
  for (size_t i = 0; i < len / 2; i++) {
    unsigned int byte;
    if (sscanf(argv[1] + 2 * i, "%2x", &byte) != 1) {
      fprintf(stderr, "a3s-reseed: not hex: %s\n", argv[1]);
      return 2;
    }
    entropy.buf[i] = (unsigned char)byte;
  }
  entropy.buf_size = (int)(len / 2);
  entropy.entropy_count = entropy.buf_size * 8;
  int fd = open("/dev/urandom", O_WRONLY);
  if (fd < 0 || ioctl(fd, RNDADDENTROPY, &entropy) != 0 || ioctl(fd, RNDRESEEDCRNG) != 0) {
    perror("a3s-reseed");
    return 1;
  }
  close(fd);
  return 0;
}
