package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import io.pgextra.hibernate.test.hstore.model.HStoreRequiredModel;
import io.pgextra.hibernate.test.hstore.model.HStoreUniqueTogetherModel;
import io.pgextra.hibernate.test.hstore.model.OddKeys;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Persistence;
import jakarta.persistence.SchemaValidationException;
import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;
import org.hibernate.annotations.Type;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import io.pgextra.hibernate.test.StderrCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every schema path sees the hstore constraints: {@code hibernate.hbm2ddl.auto} = {@code create},
 * {@code create-drop}, {@code update} (twice, and on tables that lack them), {@code validate}; the JPA
 * {@code SchemaManager}; JPA script generation; {@code Persistence.generateSchema}. Each test gets an empty schema
 * of its own and builds its own factories; what is checked is PostgreSQL's catalog.
 */
class HStoreSchemaPathsTest {

	/** TABLE_PER_CLASS: the constraint of an inherited attribute goes on every concrete table. */
	@Entity(name = "Doc")
	@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
	abstract static class Doc {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique("ref")
		java.util.Map<String, String> meta;
	}

	@Entity(name = "Letter")
	static class Letter extends Doc {
		String recipient;
	}

	@Entity(name = "Memo")
	static class Memo extends Doc {
	}

	private static final Class<?>[] ENTITIES = { HStoreUniqueTogetherModel.class, HStoreRequiredModel.class,
			OddKeys.class, Doc.class, Letter.class, Memo.class };

	/** table -> index or check names, as {@code create} makes them */
	private static final Map<String, List<String>> EXPECTED = Map.of(
			"hstore_unique_together_model", List.of( "hstore_unique_together_model_myfield_unique_key1_key2",
					"hstore_unique_together_model_myfield_unique_key3" ),
			"hstore_required_model", List.of( "hstore_required_model_myfield_required_key1" ),
			"letter", List.of( "letter_meta_unique_ref" ),
			"memo", List.of( "memo_meta_unique_ref" ) );
	private static final int ODD_KEYS_OBJECTS = 6; // five unique indexes, one check

	private final PostgresDatabase pg = PostgresDatabase.get();
	private String schema;

	@BeforeEach
	void createSchema() throws SQLException {
		String random = Long.toString( ThreadLocalRandom.current().nextLong( 2_176_782_336L ), 36 );
		schema = "t_hstorepaths_" + "000000".substring( random.length() ) + random;
		execute( "CREATE SCHEMA " + schema );
	}

	@AfterEach
	void dropSchema() throws SQLException {
		execute( "DROP SCHEMA IF EXISTS " + schema + " CASCADE" );
	}

	// ---------------------------------------------------------------------------------------- hbm2ddl.auto

	@Test
	void create() throws SQLException {
		build( "create", Map.of() ).close();
		assertExpectedObjects();
		assertThat( tables() ).doesNotContain( "doc" ); // abstract: no table, so no index either
	}

	@Test
	void createDrop() throws SQLException {
		EntityManagerFactory emf = build( "create-drop", Map.of() );
		assertExpectedObjects();
		emf.close();
		assertThat( tables() ).isEmpty();
		assertThat( hstoreObjects() ).isEmpty();
	}

	@Test
	void updateCreatesEverythingAndTwiceChangesNothing() throws Exception {
		build( "update", Map.of() ).close();
		assertExpectedObjects();
		Map<String, Long> oids = indexOids();
		build( "update", Map.of() ).close();
		assertExpectedObjects();
		assertThat( indexOids() ).as( "no index rebuilt" ).isEqualTo( oids );

		// what a third update would run, as a script: every statement succeeds and changes nothing
		Path script = Files.createTempFile( "hstore-update", ".sql" );
		try {
			Map<String, Object> settings = new HashMap<>();
			settings.put( AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none" );
			settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_ACTION, "update" );
			settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_CREATE_TARGET, script.toString() );
			settings.put( AvailableSettings.HBM2DDL_DELIMITER, ";" );
			build( null, settings ).close();
			String sql = Files.readString( script );
			assertThat( sql ).contains( "create unique index if not exists \"letter_meta_unique_ref\"" )
					.contains( "do $pgx$ begin if not exists" );
			execute( "SET search_path = " + schema + ", public;\n" + sql );
		}
		finally {
			Files.deleteIfExists( script );
		}
		assertExpectedObjects();
		assertThat( indexOids() ).isEqualTo( oids );
	}

	@Test
	void updateAddsWhatIsMissingToExistingTables() throws SQLException {
		build( "create", Map.of() ).close();
		execute( "DROP INDEX " + schema + ".hstore_unique_together_model_myfield_unique_key3;"
				+ "DROP INDEX " + schema + ".letter_meta_unique_ref;"
				+ "ALTER TABLE " + schema + ".hstore_required_model DROP CONSTRAINT hstore_required_model_myfield_required_key1;"
				+ "ALTER TABLE " + schema + ".odd_keys DROP CONSTRAINT " + single( "SELECT conname FROM pg_constraint"
						+ " WHERE conrelid = to_regclass('" + schema + ".odd_keys') AND contype = 'c'" ) );
		assertThat( hstoreObjects().get( "hstore_unique_together_model" ) ).hasSize( 1 );
		build( "update", Map.of() ).close();
		assertExpectedObjects();
	}

	@Test
	void updateThatCannotAddAnIndexKeepsGoingAndValidateNamesIt() throws SQLException {
		build( "create", Map.of() ).close();
		execute( "DROP INDEX " + schema + ".hstore_unique_together_model_myfield_unique_key3;"
				+ "INSERT INTO " + schema + ".hstore_unique_together_model (myfield) VALUES ('key3=>same'), ('key3=>same')" );
		// PostgreSQL refuses the index; Hibernate ignores errors of auxiliary objects on update, we log a warning
		try ( StderrCapture log = StderrCapture.start() ) {
			build( "update", Map.of() ).close();
			assertThat( log.text() ).contains( "Schema update could not create an hstore constraint: missing unique index "
					+ "\"hstore_unique_together_model_myfield_unique_key3\"" );
		}
		assertThat( hstoreObjects().get( "hstore_unique_together_model" ) )
				.containsExactly( "hstore_unique_together_model_myfield_unique_key1_key2" );
		assertThatThrownBy( () -> build( "validate", Map.of() ) )
				.satisfies( e -> assertThat( cause( e, SchemaManagementException.class ).getMessage() )
						.contains( "missing unique index \"hstore_unique_together_model_myfield_unique_key3\"" )
						.contains( "@HStoreUnique({\"key3\"}) on attribute 'myfield' of entity '"
								+ HStoreUniqueTogetherModel.class.getName() + "'" )
						.contains( "create unique index \"hstore_unique_together_model_myfield_unique_key3\" on "
								+ schema + ".hstore_unique_together_model ((myfield -> 'key3'))" ) );
	}

	@Test
	void updateOnAnUpToDateSchemaLogsNoWarningPerExistingObject() throws SQLException {
		build( "create", Map.of() ).close();
		// SQL warnings logged (Hibernate's HHH000247) as Quarkus and others do; the log goes to stderr (slf4j-simple)
		Map<String, Object> settings = Map.of( AvailableSettings.LOG_JDBC_WARNINGS, "true" );
		PrintStream err = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr( new PrintStream( captured, true, StandardCharsets.UTF_8 ) );
		try {
			build( "update", settings ).close();
			build( "update", settings ).close();
		}
		finally {
			System.setErr( err );
		}
		String log = captured.toString( StandardCharsets.UTF_8 );
		assertThat( log ).doesNotContain( "HHH000247" ).doesNotContain( "already exists, skipping" );
		assertExpectedObjects();
	}

	@Test
	void validatePassesWhenAllIsThereAndNamesEverythingMissing() throws Exception {
		build( "create", Map.of() ).close();
		EntityManagerFactory emf = build( "validate", Map.of() );
		try {
			emf.getSchemaManager().validate();

			execute( "DROP INDEX " + schema + ".memo_meta_unique_ref;"
					+ "ALTER TABLE " + schema + ".hstore_required_model DROP CONSTRAINT hstore_required_model_myfield_required_key1" );
			// the JPA SchemaManager of a running factory
			assertThatThrownBy( () -> emf.getSchemaManager().validate() )
					.isInstanceOf( SchemaValidationException.class )
					.hasMessageContaining( "2 hstore constraint(s) missing or different" )
					.hasMessageContaining( "missing unique index \"memo_meta_unique_ref\" on table " + schema + ".memo" )
					.hasMessageContaining( "missing check constraint \"hstore_required_model_myfield_required_key1\"" );
		}
		finally {
			emf.close();
		}
		// hibernate.hbm2ddl.auto=validate at boot
		assertThatThrownBy( () -> build( "validate", Map.of() ) )
				.satisfies( e -> assertThat( cause( e, SchemaManagementException.class ).getMessage() )
						.contains( "\"memo_meta_unique_ref\"" )
						.contains( "\"hstore_required_model_myfield_required_key1\"" )
						.contains( "alter table " + schema + ".hstore_required_model add constraint"
								+ " \"hstore_required_model_myfield_required_key1\" check ((myfield -> 'key1') is not null)" )
						// the setting in the terms of each framework, whichever the application uses
						.contains( "hibernate.hbm2ddl.auto=update" )
						.contains( "jakarta.persistence.schema-generation.database.action=update" )
						.contains( "spring.jpa.hibernate.ddl-auto=update" )
						.contains( "quarkus.hibernate-orm.schema-management.strategy=update" ) );
	}

	@Test
	void quotedIdentifiersAndFormattedSqlOnUpdateAndValidate() throws SQLException {
		Map<String, Object> settings = Map.of( AvailableSettings.GLOBALLY_QUOTED_IDENTIFIERS, "true",
				AvailableSettings.FORMAT_SQL, "true" );
		build( "update", settings ).close();
		Map<String, Long> oids = indexOids();
		build( "update", settings ).close();
		assertThat( indexOids() ).isEqualTo( oids );
		// the tables keep their case, "HStoreRequiredModel", so the names are reduced and get a hash
		Map<String, List<String>> objects = hstoreObjects();
		assertThat( objects.values().stream().mapToInt( List::size ).sum() ).isEqualTo( 5 + ODD_KEYS_OBJECTS );
		assertThat( objects.get( "Letter" ) ).singleElement().asString().matches( "letter_meta_unique_ref_[0-9a-f]{8}" );
		build( "validate", settings ).close();
	}

	@Test
	void validateNamesAnIndexThatIsNotUnique() throws SQLException {
		build( "create", Map.of() ).close();
		execute( "DROP INDEX " + schema + ".letter_meta_unique_ref;"
				+ "CREATE INDEX letter_meta_unique_ref ON " + schema + ".letter ((meta -> 'ref'))" );
		assertThatThrownBy( () -> build( "validate", Map.of() ) )
				.satisfies( e -> assertThat( cause( e, SchemaManagementException.class ).getMessage() )
						.contains( "unique index \"letter_meta_unique_ref\" on table " + schema + ".letter" )
						.contains( "is not the expected valid, unique, non-partial index" )
						.contains( "drop it and set schema management to update (Hibernate: hibernate.hbm2ddl.auto=update" )
						.contains( "Quarkus: quarkus.hibernate-orm.schema-management.strategy=update), or recreate it: " ) );
	}

	@Test
	void jpaSchemaManagerDropsAndCreates() throws SQLException {
		EntityManagerFactory emf = build( "create", Map.of() );
		try {
			emf.getSchemaManager().drop( false );
			assertThat( tables() ).isEmpty();
			emf.getSchemaManager().create( false );
			assertExpectedObjects();
		}
		finally {
			emf.close();
		}
	}

	// ---------------------------------------------------------------------------------------- JPA scripts

	@Test
	void jpaScriptGeneration(@TempDir Path dir) throws Exception {
		Path create = dir.resolve( "create.sql" );
		Path drop = dir.resolve( "drop.sql" );
		Map<String, Object> settings = new HashMap<>();
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none" );
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_ACTION, "drop-and-create" );
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_CREATE_TARGET, create.toString() );
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_DROP_TARGET, drop.toString() );
		settings.put( AvailableSettings.HBM2DDL_DELIMITER, ";" );
		settings.put( AvailableSettings.FORMAT_SQL, "true" );
		build( null, settings ).close();
		assertThat( tables() ).isEmpty();

		String sql = Files.readString( create );
		int extension = sql.indexOf( "create extension if not exists hstore" );
		assertThat( extension ).isNotNegative().isLessThan( sql.indexOf( "create table" ) );
		assertThat( sql ).contains( "create unique index \"hstore_unique_together_model_myfield_unique_key1_key2\"" )
				.contains( "add constraint \"hstore_required_model_myfield_required_key1\" check ((myfield -> 'key1') is not null)" )
				.doesNotContain( "if not exists \"" ); // a fresh schema needs no guards
		assertThat( Files.readString( drop ) ).doesNotContainIgnoringCase( "extension" ).doesNotContain( "drop index" );

		// the script, run as it is, makes the same catalog as create
		execute( "SET search_path = " + schema + ", public;\n" + sql );
		assertExpectedObjects();
	}

	@Test
	void persistenceGenerateSchema(@TempDir Path dir) throws Exception {
		Path create = dir.resolve( "create.sql" );
		Map<String, Object> settings = new HashMap<>();
		settings.put( AvailableSettings.JAKARTA_JDBC_URL, pg.jdbcUrl( schema + ",public" ) );
		settings.put( AvailableSettings.JAKARTA_JDBC_USER, pg.user() );
		settings.put( AvailableSettings.JAKARTA_JDBC_PASSWORD, pg.password() );
		settings.put( AvailableSettings.DEFAULT_SCHEMA, schema );
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "create" );
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_ACTION, "create" );
		settings.put( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_CREATE_TARGET, create.toString() );
		try ( StderrCapture log = StderrCapture.start() ) {
			// Hibernate logs PostgreSQL's notice "extension "hstore" already exists, skipping" here (HHH000247): kept
			// out of the build log; none of our warnings may come with it
			Persistence.generateSchema( "pgextra-hstore-schema", settings );
			assertThat( log.text() ).doesNotContain( "io.pgextra" );
		}

		Map<String, List<String>> objects = hstoreObjects();
		assertThat( objects ).containsOnlyKeys( "hstore_unique_together_model", "hstore_required_model", "odd_keys" );
		assertThat( objects ).containsEntry( "hstore_unique_together_model", EXPECTED.get( "hstore_unique_together_model" ) )
				.containsEntry( "hstore_required_model", EXPECTED.get( "hstore_required_model" ) );
		assertThat( objects.get( "odd_keys" ) ).hasSize( ODD_KEYS_OBJECTS );
		assertThat( Files.readString( create ) ).contains( "create extension if not exists hstore" )
				.contains( "create unique index \"hstore_unique_together_model_myfield_unique_key3\"" );
	}

	// ---------------------------------------------------------------------------------------- helpers

	/** @param action {@code hibernate.hbm2ddl.auto}, or {@code null} to set none */
	private EntityManagerFactory build(String action, Map<String, Object> settings) {
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "hstore-paths-" + schema )
				.managedClasses( ENTITIES )
				.jdbcUrl( pg.jdbcUrl( schema + ",public" ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 2 )
				.defaultSchema( schema )
				.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );
		if ( action != null ) {
			configuration.property( AvailableSettings.HBM2DDL_AUTO, action );
		}
		settings.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}

	private void assertExpectedObjects() throws SQLException {
		Map<String, List<String>> objects = hstoreObjects();
		assertThat( objects ).containsOnlyKeys( "hstore_unique_together_model", "hstore_required_model", "odd_keys",
				"letter", "memo" );
		EXPECTED.forEach( (table, names) -> assertThat( objects.get( table ) ).as( table ).isEqualTo( names ) );
		assertThat( objects.get( "odd_keys" ) ).hasSize( ODD_KEYS_OBJECTS ).doesNotHaveDuplicates();
	}

	/** @return table -> names of its non-primary-key indexes and check constraints, sorted */
	private Map<String, List<String>> hstoreObjects() throws SQLException {
		Map<String, List<String>> objects = new TreeMap<>();
		for ( String[] row : query( "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = ?"
				+ " AND indexname NOT LIKE '%\\_pkey'"
				+ " UNION ALL SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c"
				+ " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ? AND c.contype = 'c'"
				+ " ORDER BY 2", schema, schema ) ) {
			String table = row[0].substring( row[0].indexOf( '.' ) + 1 );
			objects.computeIfAbsent( table, t -> new ArrayList<>() ).add( row[1] );
		}
		return objects;
	}

	private Map<String, Long> indexOids() throws SQLException {
		Map<String, Long> oids = new TreeMap<>();
		for ( String[] row : query( "SELECT c.relname, c.oid::bigint FROM pg_class c JOIN pg_namespace n ON n.oid ="
				+ " c.relnamespace WHERE n.nspname = ? AND c.relkind = 'i'", schema ) ) {
			oids.put( row[0], Long.valueOf( row[1] ) );
		}
		return oids;
	}

	private List<String> tables() throws SQLException {
		List<String> tables = new ArrayList<>();
		for ( String[] row : query( "SELECT tablename FROM pg_tables WHERE schemaname = ?", schema ) ) {
			tables.add( row[0].toLowerCase( Locale.ROOT ) );
		}
		return tables;
	}

	private String single(String sql) throws SQLException {
		return query( sql ).get( 0 )[0];
	}

	private List<String[]> query(String sql, Object... params) throws SQLException {
		try ( Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement( sql ) ) {
			for ( int i = 0; i < params.length; i++ ) {
				ps.setObject( i + 1, params[i] );
			}
			try ( ResultSet rs = ps.executeQuery() ) {
				List<String[]> rows = new ArrayList<>();
				while ( rs.next() ) {
					String[] row = new String[rs.getMetaData().getColumnCount()];
					for ( int i = 0; i < row.length; i++ ) {
						row[i] = rs.getString( i + 1 );
					}
					rows.add( row );
				}
				return rows;
			}
		}
	}

	private void execute(String sql) throws SQLException {
		try ( Connection c = pg.connect(); Statement st = c.createStatement() ) {
			st.execute( sql );
		}
	}

	private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( type.isInstance( t ) ) {
				return type.cast( t );
			}
		}
		throw new AssertionError( "no " + type.getSimpleName() + " in the causes of " + e, e );
	}
}
