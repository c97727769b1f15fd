/*
 * main.c -- the corridor executable.
 */
#include "cli.h"

int main(int argc, char **argv)
{
    return corridor_main(argc, argv);
}
