package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.AnnotationException;
import org.hibernate.annotations.Type;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names of declarations that django-postgres-extra's rule would name alike, within a schema and across schemas; and
 * hstore attributes of element collections (mutable, and the extension when they are the only hstore columns).
 */
class HStoreNamesAndCollectionsTest {

	/** Keys a and b together, and the key a_b: both {@code names_keys_attrs_unique_a_b} by the plain rule. */
	@Entity(name = "NamesKeys")
	@Table(name = "names_keys")
	static class Keys {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique({ "a", "b" })
		@HStoreUnique("a_b")
		Map<String, String> attrs;
	}

	/** Table names_p, column q_r: {@code names_p_q_r_unique_k} and {@code names_p_q_r_required_k}. */
	@Entity(name = "NamesP")
	@Table(name = "names_p")
	static class P {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(name = "q_r", columnDefinition = "hstore")
		@HStoreUnique("k")
		@HStoreRequired("k")
		Map<String, String> attrs;
	}

	/** Table names_p_q, column r: the same names as {@link P}. */
	@Entity(name = "NamesPQ")
	@Table(name = "names_p_q")
	static class PQ {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(name = "r", columnDefinition = "hstore")
		@HStoreUnique("k")
		@HStoreRequired("k")
		Map<String, String> attrs;
	}

	/** As {@link PQ}, in another schema. */
	@Entity(name = "NamesRemotePQ")
	@Table(name = "names_p_q", schema = OTHER)
	static class RemotePQ {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(name = "r", columnDefinition = "hstore")
		@HStoreUnique("k")
		Map<String, String> attrs;
	}

	/** The same table name, column and keys in the default schema and in another one. */
	@Entity(name = "NamesShelf")
	@Table(name = "names_shelf")
	static class Shelf {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique("k")
		Map<String, String> attrs;
	}

	@Entity(name = "NamesArchivedShelf")
	@Table(name = "names_shelf", schema = OTHER)
	static class ArchivedShelf {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique("k")
		Map<String, String> attrs;
	}

	/**
	 * The key a_b gets {@code names_clash_attrs_unique_a_b_e3805340}, since {a, b} shares its plain name; a key that
	 * ends like that hash has that as its plain name.
	 */
	@Entity(name = "NamesClash")
	@Table(name = "names_clash")
	static class Clash {
		static final String LOOKALIKE = "a_b_e3805340";

		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique({ "a", "b" })
		@HStoreUnique("a_b")
		@HStoreUnique(LOOKALIKE)
		Map<String, String> attrs;
	}

	/** Its only hstore columns are in collection tables: an embeddable's attribute, and basic elements. */
	@Entity(name = "NamesHolder")
	@Table(name = "names_holder")
	static class Holder {
		@Id
		Long id;

		@ElementCollection
		@CollectionTable(name = "names_holder_props")
		@OrderColumn
		List<Props> props = new ArrayList<>();

		@ElementCollection
		@CollectionTable(name = "names_holder_maps")
		@OrderColumn
		@Type(PostgreSQLHStoreType.class)
		@Column(name = "attrs_map", columnDefinition = "hstore")
		List<Map<String, String>> maps = new ArrayList<>();
	}

	@Embeddable
	static class Props {
		String label;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		Map<String, String> vals;
	}

	private static final String OTHER = "t_hstorenames_other";

	private final PostgresDatabase pg = PostgresDatabase.get();
	private String schema;

	@BeforeEach
	void createSchemas() throws SQLException {
		String random = Long.toString( ThreadLocalRandom.current().nextLong( 2_176_782_336L ), 36 );
		schema = "t_hstorenames_" + "000000".substring( random.length() ) + random;
		execute( "CREATE SCHEMA " + schema + "; DROP SCHEMA IF EXISTS " + OTHER + " CASCADE; CREATE SCHEMA " + OTHER );
	}

	@AfterEach
	void dropSchemas() throws SQLException {
		execute( "DROP SCHEMA IF EXISTS " + schema + " CASCADE; DROP SCHEMA IF EXISTS " + OTHER + " CASCADE" );
	}

	// ---------------------------------------------------------------------------------------- names

	@Test
	void declarationsThatWouldShareANameInOneSchemaEachGetTheirOwnAndValidateFindsThem() throws Exception {
		build( "create", true, Keys.class, P.class, PQ.class ).close();
		assertThat( objects( schema ) ).containsExactlyInAnyOrder(
				distinct( "names_keys_attrs_unique_a_b", "names_keys", "attrs", "unique", "a", "b" ),
				distinct( "names_keys_attrs_unique_a_b", "names_keys", "attrs", "unique", "a_b" ),
				distinct( "names_p_q_r_unique_k", "names_p", "q_r", "unique", "k" ),
				distinct( "names_p_q_r_required_k", "names_p", "q_r", "required", "k" ),
				distinct( "names_p_q_r_unique_k", "names_p_q", "r", "unique", "k" ),
				distinct( "names_p_q_r_required_k", "names_p_q", "r", "required", "k" ) )
				.allSatisfy( name -> assertThat( name.getBytes( StandardCharsets.UTF_8 ) ).hasSizeLessThanOrEqualTo( 63 ) );
		build( "validate", true, Keys.class, P.class, PQ.class ).close();

		String aB = distinct( "names_keys_attrs_unique_a_b", "names_keys", "attrs", "unique", "a_b" );
		execute( "DROP INDEX " + schema + "." + aB );
		assertThatThrownBy( () -> build( "validate", true, Keys.class, P.class, PQ.class ) )
				.satisfies( e -> assertThat( cause( e, SchemaManagementException.class ).getMessage() )
						.contains( "1 hstore constraint(s) missing" )
						.contains( "missing unique index \"" + aB + "\"" )
						.contains( "@HStoreUnique({\"a_b\"})" ) );
		build( "update", true, Keys.class, P.class, PQ.class ).close();
		build( "validate", true, Keys.class, P.class, PQ.class ).close();
	}

	@Test
	void theSameNameInTwoSchemasIsKept() throws SQLException {
		build( "create", true, P.class, RemotePQ.class, Shelf.class, ArchivedShelf.class ).close();
		assertThat( objects( schema ) ).containsExactlyInAnyOrder( "names_p_q_r_unique_k", "names_p_q_r_required_k",
				"names_shelf_attrs_unique_k" );
		assertThat( objects( OTHER ) ).containsExactlyInAnyOrder( "names_p_q_r_unique_k", "names_shelf_attrs_unique_k" );
		build( "validate", true, P.class, RemotePQ.class, Shelf.class, ArchivedShelf.class ).close();
	}

	/**
	 * Without {@code hibernate.default_schema}, a table without a schema is in whichever the search path gives, which
	 * may be the other one: names_p and other.names_p_q may then not share a name. The same table name, column and
	 * keys still may: in one schema they are one index.
	 */
	@Test
	void withoutADefaultSchemaATableMayBeInAnyOne(@TempDir Path dir) throws Exception {
		String sql = script( dir, false, P.class, RemotePQ.class, Shelf.class, ArchivedShelf.class );
		assertThat( sql )
				.contains( "create unique index \"" + distinct( "names_p_q_r_unique_k", "names_p", "q_r", "unique", "k" )
						+ "\" on names_p " )
				.contains( "create unique index \"" + distinct( "names_p_q_r_unique_k", "names_p_q", "r", "unique", "k" )
						+ "\" on " + OTHER + ".names_p_q " )
				// no other declaration has its name
				.contains( "add constraint \"names_p_q_r_required_k\"" )
				.contains( "create unique index \"names_shelf_attrs_unique_k\" on names_shelf " )
				.contains( "create unique index \"names_shelf_attrs_unique_k\" on " + OTHER + ".names_shelf " );
		assertThat( script( dir, false, P.class, RemotePQ.class, Shelf.class, ArchivedShelf.class ) )
				.as( "the same declarations, the same names" ).isEqualTo( sql );
	}

	/** Only a hash collision, or a key made to look like one, leaves a name shared: the boot fails, naming both. */
	@Test
	void aNameThatIsStillSharedFailsTheBoot() throws Exception {
		String name = distinct( "names_clash_attrs_unique_a_b", "names_clash", "attrs", "unique", "a_b" );
		assertThat( name ).isEqualTo( "names_clash_attrs_unique_" + Clash.LOOKALIKE );
		assertThatThrownBy( () -> build( "create", true, Clash.class ) )
				.satisfies( e -> assertThat( cause( e, AnnotationException.class ).getMessage() )
						.startsWith( "Invalid hstore constraints (1 problem):" )
						.contains( "@HStoreUnique({\"a_b\"}) on attribute 'attrs'" )
						.contains( "@HStoreUnique({\"" + Clash.LOOKALIKE + "\"}) on attribute 'attrs'" )
						.contains( "would both be named \"" + name + "\" in one schema" ) );
	}

	// ---------------------------------------------------------------------------------------- element collections

	@Test
	void anEntityWhoseOnlyHStoreColumnsAreInCollectionTablesGetsTheExtension(@TempDir Path dir) throws Exception {
		String sql = script( dir, true, Holder.class );
		int extension = sql.indexOf( "create extension if not exists hstore" );
		assertThat( extension ).isNotNegative().isLessThan( sql.indexOf( "create table" ) );
		assertThat( sql ).contains( "vals hstore" ).contains( "attrs_map hstore" );
	}

	@Test
	void mapsOfCollectionElementsEditedInPlaceAreSaved() throws SQLException {
		try ( EntityManagerFactory emf = build( "create", true, Holder.class ) ) {
			emf.runInTransaction( em -> {
				Holder holder = new Holder();
				holder.id = 1L;
				Props props = new Props();
				props.label = "one";
				props.vals = new HashMap<>( Map.of( "color", "red" ) );
				holder.props.add( props );
				holder.maps.add( new HashMap<>( Map.of( "size", "s" ) ) );
				em.persist( holder );
			} );
			emf.runInTransaction( em -> {
				Holder holder = em.find( Holder.class, 1L );
				holder.props.get( 0 ).vals.put( "color", "blue" );
				holder.maps.get( 0 ).put( "size", "xl" );
			} );
			// read inside, assert outside: a failed assertion must not leave the transaction open
			List<Map<String, String>> saved = emf.callInTransaction( em -> {
				Holder holder = em.find( Holder.class, 1L );
				return List.of( new HashMap<>( holder.props.get( 0 ).vals ), new HashMap<>( holder.maps.get( 0 ) ) );
			} );
			assertThat( saved ).containsExactly( Map.of( "color", "blue" ), Map.of( "size", "xl" ) );
		}
	}

	// ---------------------------------------------------------------------------------------- helpers

	/**
	 * @return the documented name of a declaration that shares its plain name: the plain name, {@code _}, and 8 hex
	 * digits of a SHA-256 of table, column, kind and keys joined with NUL
	 */
	private static String distinct(String plain, String table, String column, String kind, String... keys)
			throws Exception {
		String identity = String.join( "\0", table, column, kind ) + "\0" + String.join( "\0", keys );
		byte[] digest = MessageDigest.getInstance( "SHA-256" ).digest( identity.getBytes( StandardCharsets.UTF_8 ) );
		return plain + "_" + HexFormat.of().formatHex( digest ).substring( 0, 8 );
	}

	private EntityManagerFactory build(String action, boolean defaultSchema, Class<?>... entities) {
		return configuration( defaultSchema, entities ).property( AvailableSettings.HBM2DDL_AUTO, action )
				.createEntityManagerFactory();
	}

	/** @return the create script of JPA script generation, with one statement a line */
	private String script(Path dir, boolean defaultSchema, Class<?>... entities) throws Exception {
		Path create = Files.createTempFile( dir, "create", ".sql" );
		configuration( defaultSchema, entities )
				.property( AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none" )
				.property( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_ACTION, "create" )
				.property( AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_CREATE_TARGET, create.toString() )
				.property( AvailableSettings.HBM2DDL_DELIMITER, ";" )
				.createEntityManagerFactory().close();
		return Files.readString( create );
	}

	private HibernatePersistenceConfiguration configuration(boolean defaultSchema, Class<?>... entities) {
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "hstore-names-" + schema )
				.managedClasses( entities )
				.jdbcUrl( pg.jdbcUrl( schema + ",public" ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 2 );
		return defaultSchema ? configuration.defaultSchema( schema ) : configuration;
	}

	/** @return the names of the non-primary-key indexes and the check constraints of the tables of {@code in} */
	private List<String> objects(String in) throws SQLException {
		List<String> names = new ArrayList<>();
		try ( Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement( "SELECT indexname FROM pg_indexes"
				+ " WHERE schemaname = ? AND indexname NOT LIKE '%\\_pkey' UNION ALL SELECT c.conname FROM pg_constraint c"
				+ " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ? AND c.contype = 'c'" ) ) {
			ps.setString( 1, in );
			ps.setString( 2, in );
			try ( ResultSet rs = ps.executeQuery() ) {
				while ( rs.next() ) {
					names.add( rs.getString( 1 ) );
				}
			}
		}
		return names;
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
