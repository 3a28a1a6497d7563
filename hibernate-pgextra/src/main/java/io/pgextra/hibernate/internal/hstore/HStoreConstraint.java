package io.pgextra.hibernate.internal.hstore;

import java.util.List;

import org.hibernate.boot.model.relational.AuxiliaryDatabaseObject;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Table;

/**
 * One hstore constraint of one table: the unique expression index of an {@code @HStoreUnique}, or the
 * {@code CHECK} constraint of one key of an {@code @HStoreRequired}. Created after the tables, by every schema
 * action that creates or updates; never dropped on its own, since dropping the table drops it.
 * <p>
 * On {@code create} the statements are plain. On {@code update} ({@link SqlStringGenerationContext#isMigration()})
 * they only add what is missing, so that running {@code update} again changes nothing: Hibernate's migrator runs
 * every auxiliary object's create statements on each run (and ignores their errors), and PostgreSQL has
 * {@code create index if not exists} but no {@code add constraint if not exists}, hence a {@code DO} block for the
 * check.
 */
final class HStoreConstraint implements AuxiliaryDatabaseObject {

	enum Kind { UNIQUE, REQUIRED }

	private final Kind kind;
	private final Table table;
	private final Column column;
	private final List<String> keys;
	/** Plain columns before the keys in a unique index ({@code @HStoreUnique(columns = ...)}), as in the catalog. */
	private final List<String> columns;
	private final String name;
	private final String entityName;
	private final String attribute;

	HStoreConstraint(Kind kind, Table table, Column column, List<String> keys, List<String> columns, String name,
			String entityName, String attribute) {
		this.kind = kind;
		this.table = table;
		this.column = column;
		this.keys = List.copyOf( keys );
		this.columns = List.copyOf( columns );
		this.name = name;
		this.entityName = entityName;
		this.attribute = attribute;
	}

	Kind kind() {
		return kind;
	}

	Table table() {
		return table;
	}

	List<String> keys() {
		return keys;
	}

	/** @return the plain columns that come first in a unique index, as in the catalog; usually none */
	List<String> columns() {
		return columns;
	}

	/** @return the index or constraint name, as in the catalog */
	String name() {
		return name;
	}

	/** @return where it was declared, for messages: {@code @HStoreUnique({"en"}) on attribute 'name' of entity 'X'} */
	String declaration() {
		StringBuilder sb = new StringBuilder( kind == Kind.UNIQUE ? "@HStoreUnique({" : "@HStoreRequired(\"" );
		if ( kind == Kind.UNIQUE ) {
			for ( int i = 0; i < keys.size(); i++ ) {
				sb.append( i > 0 ? ", \"" : "\"" ).append( keys.get( i ) ).append( '"' );
			}
			sb.append( '}' );
			if ( !columns.isEmpty() ) {
				sb.insert( "@HStoreUnique(".length(), "value = " ).append( ", columns = {" );
				for ( int i = 0; i < columns.size(); i++ ) {
					sb.append( i > 0 ? ", \"" : "\"" ).append( columns.get( i ) ).append( '"' );
				}
				sb.append( '}' );
			}
			sb.append( ')' );
		}
		else {
			sb.append( keys.get( 0 ) ).append( "\")" );
		}
		return sb.append( " on attribute '" ).append( attribute ).append( "' of entity '" ).append( entityName )
				.append( '\'' ).toString();
	}

	/** @return {@code unique index} or {@code check constraint}, for messages */
	String what() {
		return kind == Kind.UNIQUE ? "unique index" : "check constraint";
	}

	@Override
	public boolean appliesToDialect(Dialect dialect) {
		return dialect instanceof PostgreSQLDialect;
	}

	@Override
	public boolean beforeTablesOnCreation() {
		return false;
	}

	@Override
	public String[] sqlCreateStrings(SqlStringGenerationContext context) {
		return new String[] { createStatement( context, context.isMigration() ) };
	}

	/**
	 * @param context renders the table name with the default schema
	 * @param ifMissing whether the statement adds the object only when it is missing
	 * @return the statement that creates the index or constraint
	 */
	String createStatement(SqlStringGenerationContext context, boolean ifMissing) {
		String qualifiedTable = context.format( table.getQualifiedTableName() );
		String quotedColumn = column.getQuotedName( context.getDialect() );
		if ( kind == Kind.UNIQUE ) {
			StringBuilder sql = new StringBuilder( "create unique index " );
			if ( ifMissing ) {
				sql.append( "if not exists " );
			}
			sql.append( HStoreSql.quote( name ) ).append( " on " ).append( qualifiedTable ).append( " (" );
			for ( String plain : columns ) {
				sql.append( HStoreSql.quote( plain ) ).append( ", " );
			}
			for ( int i = 0; i < keys.size(); i++ ) {
				sql.append( i > 0 ? ", " : "" ).append( HStoreSql.keyExpression( quotedColumn, keys.get( i ) ) );
			}
			sql.append( ')' );
			if ( !ifMissing ) {
				return sql.toString();
			}
			// "if not exists" alone makes PostgreSQL send a NOTICE ("already exists, skipping") that Hibernate logs
			// as a WARN (HHH000247) on every `update`: the statement only runs when no relation of that name is in
			// the table's schema (what "if not exists" checks), and keeps "if not exists" for a concurrent boot
			return guarded( "not exists (select 1 from pg_catalog.pg_class where relname = " + HStoreSql.literal( name )
					+ " and relnamespace = (select relnamespace from pg_catalog.pg_class where oid = to_regclass("
					+ HStoreSql.literal( qualifiedTable ) + ")))", sql.toString() );
		}
		String alter = "alter table " + qualifiedTable + " add constraint " + HStoreSql.quote( name ) + " check ("
				+ HStoreSql.keyExpression( quotedColumn, keys.get( 0 ) ) + " is not null)";
		if ( !ifMissing ) {
			return alter;
		}
		return guarded( "not exists (select 1 from pg_catalog.pg_constraint where conrelid = to_regclass("
				+ HStoreSql.literal( qualifiedTable ) + ") and conname = " + HStoreSql.literal( name ) + ")", alter );
	}

	/** @return a {@code DO} block that runs {@code statement} if {@code condition} holds */
	static String guarded(String condition, String statement) {
		String body = " begin if " + condition + " then " + statement + "; end if; end ";
		// keys are escaped without '$'; only a table or column name could hold the tag
		String tag = "$pgx$";
		for ( int i = 1; body.contains( tag ); i++ ) {
			tag = "$pgx" + i + "$";
		}
		return "do " + tag + body + tag;
	}

	@Override
	public String[] sqlDropStrings(SqlStringGenerationContext context) {
		// dropped with its table; a drop here would also make every `update` rebuild the index
		return new String[0];
	}

	@Override
	public String getExportIdentifier() {
		return "pgextra-hstore:" + table.getExportIdentifier() + ":" + name;
	}

	@Override
	public String toString() {
		return what() + " \"" + name + "\" (" + declaration() + ")";
	}
}
