/**
 * @file xlate.h
 * @brief Umbrella header of the xlate golden model.
 */
#ifndef XLATE_XLATE_H
#define XLATE_XLATE_H

#include "xlate/cache.h"
#include "xlate/config.h"
#include "xlate/mem.h"
#include "xlate/mmu.h"
#include "xlate/pte.h"
#include "xlate/repl.h"
#include "xlate/tlb.h"
#include "xlate/types.h"

#endif
