package io.pgextra.hibernate.internal.hstore;

import org.hibernate.boot.model.relational.AuxiliaryDatabaseObject;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.PostgreSQLDialect;

/**
 * {@code create extension if not exists hstore}, before the tables, whenever an entity maps an hstore column: the
 * tables need the type. Never dropped: other schemas and applications of the database may use it.
 */
final class HStoreExtension implements AuxiliaryDatabaseObject {

	static final String EXPORT_IDENTIFIER = "pgextra-hstore-extension";

	@Override
	public boolean appliesToDialect(Dialect dialect) {
		return dialect instanceof PostgreSQLDialect;
	}

	@Override
	public boolean beforeTablesOnCreation() {
		return true;
	}

	@Override
	public String[] sqlCreateStrings(SqlStringGenerationContext context) {
		// a no-op, without any privilege check, where the extension exists
		String create = "create extension if not exists hstore";
		if ( !context.isMigration() ) {
			return new String[] { create };
		}
		// on `update` (every boot of many applications), "if not exists" alone sends a NOTICE that Hibernate logs
		// as a WARN (HHH000247, "already exists, skipping"): only run it when the extension is missing
		return new String[] { HStoreConstraint.guarded(
				"not exists (select 1 from pg_catalog.pg_extension where extname = 'hstore')", create ) };
	}

	@Override
	public String[] sqlDropStrings(SqlStringGenerationContext context) {
		return new String[0];
	}

	@Override
	public String getExportIdentifier() {
		return EXPORT_IDENTIFIER;
	}
}
