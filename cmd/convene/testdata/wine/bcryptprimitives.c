/*
 * A stand-in for Windows 10's bcryptprimitives.dll, for the tests under Wine
 * only; it is never shipped. Go's Windows runtime fills its random numbers
 * with ProcessPrng from that DLL, which Debian 12's Wine 8 does not have, so
 * without it every Go program dies at start. This one answers from
 * advapi32's RtlGenRandom (exported as SystemFunction036), the generator
 * Windows offered before ProcessPrng.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes at most a ULONG at a time. */
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
