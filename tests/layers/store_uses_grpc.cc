// Breaks the stores' layer: a store that runs an RPC.
#include "services/common/service/rpc_runner.h"
