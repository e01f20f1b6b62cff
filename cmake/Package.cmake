# The Debian package for one virtual machine: `cpack -G DEB` in the build
# folder makes equalsay_<version>_<arch>.deb with the server, the command
# (its manual page and completion), the web client, a hardened systemd unit
# and /etc/equalsay/equalsay.env. Dependencies come from dpkg-shlibdeps.
include(GNUInstallDirs)

# The command's own rules (clients/cli) are the "cli" component; these are
# the "server" one, so `cmake --install --component cli` installs the
# command alone. /etc is absolute: only the package should install there.
install(TARGETS equalsay-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  COMPONENT server)
# The built web client (scripts/run and scripts/test build it first).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/clients/web/dist/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/equalsay/web OPTIONAL COMPONENT server)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/equalsay.service
  DESTINATION lib/systemd/system COMPONENT server)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/equalsay.env
  DESTINATION /etc/equalsay PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
  COMPONENT server)
install(FILES ${CMAKE_SOURCE_DIR}/README.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/equalsay COMPONENT server)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME equalsay)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "equalsay maintainers <maintainers@equalsay.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "co-produced decisions, where a Service User Panel holds an equal veto")
set(CPACK_PACKAGE_DESCRIPTION
  "equalsay-server (gRPC, gRPC-Web and the web client), the equalsay command, and a systemd unit for one machine next to PostgreSQL.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# adduser for the system user; the database may live elsewhere.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, ca-certificates, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql (>= 13)")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/postinst
  ${CMAKE_SOURCE_DIR}/packaging/prerm
  ${CMAKE_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
