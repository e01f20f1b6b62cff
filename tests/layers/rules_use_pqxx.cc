// Breaks the rules' layer: a rule that reads the database.
#include <pqxx/pqxx>
