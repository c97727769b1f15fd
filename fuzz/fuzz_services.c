/* fuzz_services.c -- services.csv of a network folder: rotations parsed,
 * routed over a small sea-lane chart written once (P1 - W1 - P2 through
 * the canal, P1 - W2 - P2 round the cape) and expanded into links. */
#define FUZZ_FILE "services.csv"
#include "fuzz_network.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char lanes[] = "from,to,distance_km,source\nP1,W1,500,fuzz\nW1,P2,500,fuzz\n"
                                "P1,W2,1500,fuzz\nW2,P2,1500,fuzz\n";
    fuzz_write("sealanes.csv", (const uint8_t *)lanes, sizeof lanes - 1);
    return 0;
}
