#pragma once

#include <cstdio>
#include <cstdlib>

// An invariant of the code under test, checked in every build type (assert() vanishes with
// NDEBUG in RelWithDebInfo). A failure aborts, which libFuzzer reports as a crash with the input.
#define FUZZ_CHECK(cond)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                    \
        }                                                                                    \
    } while (0)

#include <QtGlobal>

// Parsers log what they reject; at tens of thousands of inputs a second that output would be
// most of the run time. Fatal messages still abort after the handler returns.
inline void fuzzSilenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
}
