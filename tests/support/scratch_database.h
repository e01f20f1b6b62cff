// A fresh, empty PostgreSQL database per test, dropped afterwards.
#ifndef EQUALSAY_TESTS_SUPPORT_SCRATCH_DATABASE_H_
#define EQUALSAY_TESTS_SUPPORT_SCRATCH_DATABASE_H_

#include <pqxx/pqxx>
#include <string>

namespace equalsay::testing {

class ScratchDatabase {
 public:
  // Creates it, owned by the tables' owner role where scripts/test made one
  // (else by the application's role).
  ScratchDatabase();
  ~ScratchDatabase();

  // How the server connects: as the application's role, not a superuser.
  const std::string& url() const { return url_; }
  // As the tables' owner, who migrates (empty: no owner role).
  const std::string& owner_url() const { return owner_url_; }
  // As the superuser, for checking what the server wrote.
  std::string superuser_url() const;
  pqxx::connection Superuser() const;
  // One value from a query run as the superuser, as text ("" for NULL).
  std::string Query(const std::string& sql) const;
  // Everything in it as the superuser's plain `pg_dump` shows it: what anyone
  // with the database's files could read.
  std::string Dump() const;

 private:
  std::string name_;
  std::string admin_base_;
  std::string url_;
  std::string owner_url_;
};

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_SCRATCH_DATABASE_H_
