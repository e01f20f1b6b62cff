// Breaks the rules' layer: a rule that answers a gRPC call.
#include <grpcpp/support/status.h>
