// CPU features for choosing a matrix kernel: CPUID, and XCR0 for the register state the OS saves
// (an instruction the OS does not save state for faults even when CPUID lists it).
#include "cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static int osxsave(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c >> 27) & 1;
}

int calosim_cpu_avx(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int avx = (c >> 28) & 1;
    return osxsave() && avx && (xcr0() & 0x6) == 0x6;  // XMM and YMM state
}

int calosim_cpu_avx2(void) {
    unsigned int a, b, c, d;
    if (!calosim_cpu_avx() || !__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1;
    if (!fma) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 5) & 1;
}

int calosim_cpu_avx512(void) {
    if (!calosim_cpu_avx2()) return 0;
    unsigned int a, b, c, d;
    __cpuid_count(7, 0, a, b, c, d);
    int f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    return f && dq && bw && vl && (xcr0() & 0xe6) == 0xe6;  // opmask, ZMM_Hi256, Hi16_ZMM
}

int calosim_cpu_avx512_bf16(void) {
    if (!calosim_cpu_avx512()) return 0;
    unsigned int a, b, c, d;
    __cpuid_count(7, 1, a, b, c, d);
    return (a >> 5) & 1;
}

int calosim_cpu_amx_bf16(void) {
    if (!osxsave() || __get_cpuid_max(0, 0) < 7) return 0;
    unsigned int a, b, c, d;
    __cpuid_count(7, 0, a, b, c, d);
    int amx_bf16 = (d >> 22) & 1, amx_tile = (d >> 24) & 1;
    return amx_bf16 && amx_tile && ((xcr0() >> 17) & 3) == 3;  // XTILECFG, XTILEDATA
}
#else
int calosim_cpu_avx(void) { return 0; }
int calosim_cpu_avx2(void) { return 0; }
int calosim_cpu_avx512(void) { return 0; }
int calosim_cpu_avx512_bf16(void) { return 0; }
int calosim_cpu_amx_bf16(void) { return 0; }
#endif
