// Store-to-load forwarding on the build machine: how long a value takes to come back
// from a word just stored, by the kind of store and load (papers/performance.md, "Sixth
// round", u6). Each loop is one chain of dependent instructions; the time per iteration
// is that chain's latency (about 0.27 ns is one cycle on the EPYC measured).
//   gcc -O2 -o /tmp/stlf benches/stlf_probe.c && /tmp/stlf
// x86-64 only (inline assembly).
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define N 200000000L
// Stores go through (buf + 8*idx) computed one way, loads the other, as in the handlers
// (`mov %r9,(%rdx,%r8,1)` then `mov (%rdx,%rax,8),%r9`).
#define RUN(name, kind, body)                                                         \
  {                                                                                   \
    double a = now();                                                                 \
    for (long i = 0; i < N; i++)                                                      \
      __asm__ volatile(body                                                           \
                       : kind(x)                                                      \
                       : "r"(buf), "r"(idx), "r"(idx8)                                \
                       : "memory", "rax", "rcx", "xmm0", "xmm1", "cc");               \
    printf("%-58s %.3f ns\n", name, (now() - a) / N * 1e9);                          \
  }

int main(void) {
  static uint64_t buf[64] __attribute__((aligned(64)));
  long idx = 3, idx8 = 24;
  __asm__ volatile("" : "+r"(idx), "+r"(idx8));
  {
    uint64_t x = 0xfff9000000000001ULL;
    RUN("int store, int load (8 bytes)", "+r", "mov %0,(%1,%3,1)\n\tmov (%1,%2,8),%0")
    RUN("int store, 16-bit load of the top, add", "+r",
        "mov %0,(%1,%3,1)\n\tmovzwl 6(%1,%2,8),%%eax\n\tadd %%rax,%0")
    RUN("int store, 16-bit load beside (cmp+jne), int load", "+r",
        "mov %0,(%1,%3,1)\n\tcmpw $0xfff9,6(%1,%2,8)\n\tjne 1f\n1:\n\tmov (%1,%2,8),%0")
    RUN("movq to xmm and back (no memory)", "+r", "movq %0,%%xmm0\n\tmovq %%xmm0,%0")
    RUN("int store, float load (movsd), movq back", "+r",
        "mov %0,(%1,%3,1)\n\tmovsd (%1,%2,8),%%xmm0\n\tmovq %%xmm0,%0")
    if (x == 42) puts("");
  }
  {
    double x = 1.0;
    RUN("addsd alone", "+x", "addsd %0,%0")
    RUN("float store, float load, addsd", "+x",
        "movsd %0,(%1,%3,1)\n\tmovsd (%1,%2,8),%0\n\taddsd %0,%0")
    RUN("movq out, int store, int load, movq in, addsd", "+x",
        "movq %0,%%rax\n\tmov %%rax,(%1,%3,1)\n\tmov (%1,%2,8),%%rcx\n\tmovq %%rcx,%0\n\taddsd %0,%0")
    RUN("float store, int load, movq in, addsd", "+x",
        "movsd %0,(%1,%3,1)\n\tmov (%1,%2,8),%%rcx\n\tmovq %%rcx,%0\n\taddsd %0,%0")
    RUN("movq out, int store, float load, addsd", "+x",
        "movq %0,%%rax\n\tmov %%rax,(%1,%3,1)\n\tmovsd (%1,%2,8),%0\n\taddsd %0,%0")
    if (x == 42) puts("");
  }
  return 0;
}
