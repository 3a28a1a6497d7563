package io.pgextra.hibernate.internal;

/**
 * How to ask for a schema update, in the terms of each way users configure Hibernate: messages that tell the user to
 * update the schema name all of them, since the library cannot know which one the application writes.
 */
public final class SchemaUpdateHint {

	/** E.g. "...; " + {@code UPDATE} + ", or a migration". */
	public static final String UPDATE = "set schema management to update (Hibernate: hibernate.hbm2ddl.auto=update or"
			+ " jakarta.persistence.schema-generation.database.action=update; Spring Boot:"
			+ " spring.jpa.hibernate.ddl-auto=update; Quarkus: quarkus.hibernate-orm.schema-management.strategy=update)";

	private SchemaUpdateHint() {
	}
}
