/*
 * A small JPMS application that uses hibernate-pgextra from the module path. Compiled and run by
 * io.pgextra.hibernate.test.modulepath.ModulePathTest (it is a test resource, not compiled by Maven).
 */
module example.app {
	requires io.pgextra.hibernate;
	requires org.hibernate.orm.core;
	requires jakarta.persistence;

	// Hibernate reads and writes the entity's fields reflectively
	opens example.app to org.hibernate.orm.core;
}
