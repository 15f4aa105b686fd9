/*
 * A stand-in for libkrun in tests (libkrun cannot be installed or booted here). It exports
 * the functions of libkrun.h that A3S Box uses, with the same C signatures, and records
 * every call as one JSON array per line in $KRUN_STANDIN_LOG.
 *
 * KRUN_STANDIN_FAIL=<function> makes that function return -EINVAL.
 * krun_start_enter, like libkrun, owns the process from then on:
 *   KRUN_STANDIN_ENTER=exit:N  exits with N at once (a VM whose workload exited with N);
 *   otherwise it writes a line to the console output, then plays the guest side of every
 *   "listen" vsock port (krun_add_vsock_port2 with listen=true): it listens on the port's
 *   host unix socket, as libkrun does, and joins each connection to 127.0.0.1 on this host,
 *   port $KRUN_STANDIN_GUEST_PORT (else the vsock port's number), where the test runs the
 *   real agent in place of the guest's. It never returns.
 * Built without STANDIN_WITH_NEWER_API, it lacks the functions newer libkrun versions added.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static FILE *log_file(void) {
  static FILE *file;
  if (file == NULL) {
    const char *path = getenv("KRUN_STANDIN_LOG");
    file = fopen(path != NULL ? path : "/dev/null", "a");
    setvbuf(file, NULL, _IOLBF, 0);
  }
  return file;
}

static void put_string(FILE *out, const char *value) {
  if (value == NULL) {
    fputs("null", out);
    return;
  }
  fputc('"', out);
  for (const unsigned char *c = (const unsigned char *)value; *c != 0; c++) {
    if (*c == '"' || *c == '\\') fprintf(out, "\\%c", *c);
    else if (*c < 0x20) fprintf(out, "\\u%04x", *c);
    else fputc(*c, out);
  }
  fputc('"', out);
}

static void put_strings(FILE *out, const char *const values[]) {
  if (values == NULL) {
    fputs("null", out);
    return;
  }
  fputc('[', out);
  for (size_t i = 0; values[i] != NULL; i++) {
    if (i > 0) fputc(',', out);
    put_string(out, values[i]);
  }
  fputc(']', out);
}

/* Starts a record line: ["name" ... ; the caller adds arguments, end() closes it. */
static FILE *begin(const char *name) {
  FILE *out = log_file();
  fputc('[', out);
  put_string(out, name);
  return out;
}

static int32_t end(FILE *out, const char *name) {
  fputs("]\n", out);
  fflush(out);
  const char *fail = getenv("KRUN_STANDIN_FAIL");
  return fail != NULL && strcmp(fail, name) == 0 ? -EINVAL : 0;
}

#define RECORD_CTX(name, ctx) FILE *out = begin(name); fprintf(out, ",%u", ctx)

int32_t krun_set_log_level(uint32_t level) {
  FILE *out = begin("krun_set_log_level");
  fprintf(out, ",%u", level);
  return end(out, "krun_set_log_level");
}

int32_t krun_create_ctx(void) {
  static int32_t next;
  FILE *out = begin("krun_create_ctx");
  int32_t result = end(out, "krun_create_ctx");
  return result < 0 ? result : next++;
}

int32_t krun_free_ctx(uint32_t ctx) {
  RECORD_CTX("krun_free_ctx", ctx);
  return end(out, "krun_free_ctx");
}

int32_t krun_set_vm_config(uint32_t ctx, uint8_t num_vcpus, uint32_t ram_mib) {
  RECORD_CTX("krun_set_vm_config", ctx);
  fprintf(out, ",%u,%u", num_vcpus, ram_mib);
  return end(out, "krun_set_vm_config");
}

int32_t krun_set_root(uint32_t ctx, const char *root_path) {
  RECORD_CTX("krun_set_root", ctx);
  fputc(',', out);
  put_string(out, root_path);
  return end(out, "krun_set_root");
}

int32_t krun_set_workdir(uint32_t ctx, const char *workdir_path) {
  RECORD_CTX("krun_set_workdir", ctx);
  fputc(',', out);
  put_string(out, workdir_path);
  return end(out, "krun_set_workdir");
}

static char console_path[4096];

int32_t krun_set_console_output(uint32_t ctx, const char *c_filepath) {
  RECORD_CTX("krun_set_console_output", ctx);
  fputc(',', out);
  put_string(out, c_filepath);
  snprintf(console_path, sizeof console_path, "%s", c_filepath);
  return end(out, "krun_set_console_output");
}

int32_t krun_add_virtiofs(uint32_t ctx, const char *c_tag, const char *c_path) {
  RECORD_CTX("krun_add_virtiofs", ctx);
  fputc(',', out);
  put_string(out, c_tag);
  fputc(',', out);
  put_string(out, c_path);
  return end(out, "krun_add_virtiofs");
}

int32_t krun_set_kernel(uint32_t ctx, const char *kernel_path, uint32_t kernel_format, const char *initramfs,
                        const char *cmdline) {
  RECORD_CTX("krun_set_kernel", ctx);
  fputc(',', out);
  put_string(out, kernel_path);
  fprintf(out, ",%u,", kernel_format);
  put_string(out, initramfs);
  fputc(',', out);
  put_string(out, cmdline);
  return end(out, "krun_set_kernel");
}

int32_t krun_set_exec(uint32_t ctx, const char *exec_path, const char *const argv[], const char *const envp[]) {
  RECORD_CTX("krun_set_exec", ctx);
  fputc(',', out);
  put_string(out, exec_path);
  fputc(',', out);
  put_strings(out, argv);
  fputc(',', out);
  put_strings(out, envp);
  return end(out, "krun_set_exec");
}

int32_t krun_set_env(uint32_t ctx, const char *const envp[]) {
  RECORD_CTX("krun_set_env", ctx);
  fputc(',', out);
  put_strings(out, envp);
  return end(out, "krun_set_env");
}

int32_t krun_set_port_map(uint32_t ctx, const char *const port_map[]) {
  RECORD_CTX("krun_set_port_map", ctx);
  fputc(',', out);
  put_strings(out, port_map);
  return end(out, "krun_set_port_map");
}

int32_t krun_add_vsock_port(uint32_t ctx, uint32_t port, const char *c_filepath) {
  RECORD_CTX("krun_add_vsock_port", ctx);
  fprintf(out, ",%u,", port);
  put_string(out, c_filepath);
  return end(out, "krun_add_vsock_port");
}

#define MAX_PORTS 8
static struct { uint32_t port; uint32_t guest_port; char path[108]; } listen_ports[MAX_PORTS];
static int listen_port_count;

#ifdef STANDIN_WITH_NEWER_API
int32_t krun_add_vsock_port2(uint32_t ctx, uint32_t port, const char *c_filepath, bool listen) {
  RECORD_CTX("krun_add_vsock_port2", ctx);
  fprintf(out, ",%u,", port);
  put_string(out, c_filepath);
  fprintf(out, ",%s", listen ? "true" : "false");
  if (listen && listen_port_count < MAX_PORTS) {
    listen_ports[listen_port_count].port = port;
    listen_ports[listen_port_count].guest_port = port;
    snprintf(listen_ports[listen_port_count].path, sizeof listen_ports[0].path, "%s", c_filepath);
    listen_port_count++;
  }
  return end(out, "krun_add_vsock_port2");
}

int32_t krun_add_virtiofs3(uint32_t ctx, const char *c_tag, const char *c_path, uint64_t shm_size, bool read_only) {
  RECORD_CTX("krun_add_virtiofs3", ctx);
  fputc(',', out);
  put_string(out, c_tag);
  fputc(',', out);
  put_string(out, c_path);
  fprintf(out, ",%llu,%s", (unsigned long long)shm_size, read_only ? "true" : "false");
  return end(out, "krun_add_virtiofs3");
}

int32_t krun_disable_implicit_vsock(uint32_t ctx) {
  RECORD_CTX("krun_disable_implicit_vsock", ctx);
  return end(out, "krun_disable_implicit_vsock");
}

int32_t krun_add_vsock(uint32_t ctx, uint32_t tsi_features) {
  RECORD_CTX("krun_add_vsock", ctx);
  fprintf(out, ",%u", tsi_features);
  return end(out, "krun_add_vsock");
}
#endif

/* Copies bytes both ways between a host connection and the "guest" service until one closes. */
static void *join_connection(void *arg) {
  int client = (int)(intptr_t)arg >> 16;
  uint32_t port = (uint32_t)(intptr_t)arg & 0xffff;
  int guest = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (connect(guest, (struct sockaddr *)&address, sizeof address) == 0) {
    struct pollfd fds[2] = {{.fd = client, .events = POLLIN}, {.fd = guest, .events = POLLIN}};
    char buffer[65536];
    for (bool open = true; open && poll(fds, 2, -1) > 0;) {
      for (int i = 0; i < 2 && open; i++) {
        if (fds[i].revents == 0) continue;
        ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        open = n > 0 && write(fds[1 - i].fd, buffer, (size_t)n) == n;
      }
    }
  }
  close(guest);
  close(client);
  return NULL;
}

static void *serve_port(void *arg) {
  int index = (int)(intptr_t)arg;
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  snprintf(address.sun_path, sizeof address.sun_path, "%s", listen_ports[index].path);
  unlink(address.sun_path);
  if (bind(server, (struct sockaddr *)&address, sizeof address) != 0 || listen(server, 16) != 0) {
    perror("krun-standin: cannot listen on the vsock port's socket");
    exit(1);
  }
  for (;;) {
    int client = accept(server, NULL, NULL);
    if (client < 0) continue;
    pthread_t thread;
    pthread_create(&thread, NULL, join_connection, (void *)(intptr_t)((client << 16) | listen_ports[index].guest_port));
    pthread_detach(thread);
  }
  return NULL;
}

int32_t krun_start_enter(uint32_t ctx) {
  RECORD_CTX("krun_start_enter", ctx);
  int32_t result = end(out, "krun_start_enter");
  if (result < 0) return result;
  const char *mode = getenv("KRUN_STANDIN_ENTER");
  if (mode != NULL && strncmp(mode, "exit:", 5) == 0) exit(atoi(mode + 5));
  if (console_path[0] != 0) {
    FILE *console = fopen(console_path, "a");
    if (console != NULL) {
      fprintf(console, "krun-standin: VM %u running\n", ctx);
      fclose(console);
    }
  }
  const char *guest_port = getenv("KRUN_STANDIN_GUEST_PORT");
  for (int i = 0; i < listen_port_count; i++) {
    if (guest_port != NULL) listen_ports[i].guest_port = (uint32_t)atoi(guest_port);
    pthread_t thread;
    pthread_create(&thread, NULL, serve_port, (void *)(intptr_t)i);
  }
  for (;;) pause();
}
