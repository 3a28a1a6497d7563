package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.hstore.model.HStoreRequiredModel;
import io.pgextra.hibernate.test.hstore.model.HStoreUniqueModel;
import io.pgextra.hibernate.test.hstore.model.HStoreUniqueTogetherModel;
import io.pgextra.hibernate.test.hstore.model.OddKeys;
import io.pgextra.hibernate.test.hstore.model.Product;
import io.pgextra.hibernate.test.hstore.model.Translation;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @HStoreUnique} and {@code @HStoreRequired} on {@code hibernate.hbm2ddl.auto=create}: the catalog, the seed's
 * behaviour, PostgreSQL's NULL semantics, keys that are data, and in-place edits of hstore maps.
 */
class HStoreConstraintsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( HStoreUniqueModel.class, HStoreUniqueTogetherModel.class,
			HStoreRequiredModel.class, Translation.class, OddKeys.class, Product.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
			// the DDL formatter must not touch the keys
			.property( "hibernate.format_sql", "true" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE hstore_unique_model, hstore_unique_together_model, hstore_required_model, translation,"
				+ " odd_keys, product" );
	}

	// ---------------------------------------------------------------------------------------- catalog

	@Test
	void uniqueIndexesAreInTheCatalog() {
		assertThat( indexes( "hstore_unique_together_model" ) ).containsExactlyInAnyOrderEntriesOf( Map.of(
				"hstore_unique_together_model_pkey", "CREATE UNIQUE INDEX hstore_unique_together_model_pkey ON "
						+ db.schema() + ".hstore_unique_together_model USING btree (id)",
				"hstore_unique_together_model_myfield_unique_key1_key2", "CREATE UNIQUE INDEX"
						+ " hstore_unique_together_model_myfield_unique_key1_key2 ON " + db.schema()
						+ ".hstore_unique_together_model USING btree (((myfield -> 'key1'::text)), ((myfield -> 'key2'::text)))",
				"hstore_unique_together_model_myfield_unique_key3", "CREATE UNIQUE INDEX"
						+ " hstore_unique_together_model_myfield_unique_key3 ON " + db.schema()
						+ ".hstore_unique_together_model USING btree (((myfield -> 'key3'::text)))" ) );
		assertThat( indexes( "hstore_unique_model" ) ).containsEntry( "hstore_unique_model_myfield_unique_key1",
				"CREATE UNIQUE INDEX hstore_unique_model_myfield_unique_key1 ON " + db.schema()
						+ ".hstore_unique_model USING btree (((myfield -> 'key1'::text)))" );
	}

	@Test
	void requiredKeysAreCheckConstraintsInTheCatalog() {
		assertThat( checks( "hstore_required_model" ) ).containsExactly( Map.entry(
				"hstore_required_model_myfield_required_key1", "CHECK (((myfield -> 'key1'::text) IS NOT NULL))" ) );
	}

	@Test
	void anHStoreAttributeInsideAnEmbeddableGetsItsConstraints() {
		assertThat( indexes( "product" ) ).containsKey( "product_product_codes_unique_sku" );
		assertThat( checks( "product" ) ).containsOnlyKeys( "product_product_codes_required_sku" );
	}

	@Test
	void theExtensionIsThereAndTheColumnsAreHStore() {
		assertThat( db.rows( "SELECT count(*) AS n FROM pg_extension WHERE extname = 'hstore'" ) )
				.containsExactly( Map.of( "n", 1L ) );
		// tags is mapped with MutableHStoreType and no columnDefinition
		assertThat( db.rows( "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = ?"
				+ " AND table_name = 'translation' AND column_name IN ('name', 'title', 'tags') ORDER BY 1", db.schema() ) )
				.containsExactly( Map.of( "column_name", "name", "udt_name", "hstore" ),
						Map.of( "column_name", "tags", "udt_name", "hstore" ),
						Map.of( "column_name", "title", "udt_name", "hstore" ) );
	}

	// ---------------------------------------------------------------------------------------- seed behaviour

	@Test
	void secondRowWithTheSameUniqueKeyFailsNamingTheIndex() {
		db.inTransaction( em -> em.persist( new HStoreUniqueModel( Map.of( "key1", "value1" ) ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			em.persist( new HStoreUniqueModel( Map.of( "key1", "value1" ) ) );
			em.flush();
		} ) ).isInstanceOf( ConstraintViolationException.class )
				.satisfies( e -> assertThat( ( (ConstraintViolationException) e ).getConstraintName() )
						.isEqualTo( "hstore_unique_model_myfield_unique_key1" ) );
		assertThat( db.count( "hstore_unique_model" ) ).isEqualTo( 1 );
	}

	@Test
	void uniqueTogetherAndUniqueAlone() {
		db.inTransaction( em -> {
			em.persist( new HStoreUniqueTogetherModel( Map.of( "key1", "a", "key2", "b", "key3", "x" ) ) );
			// same key1, other key2: not the same pair
			em.persist( new HStoreUniqueTogetherModel( Map.of( "key1", "a", "key2", "c", "key3", "y" ) ) );
		} );
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist(
				new HStoreUniqueTogetherModel( Map.of( "key1", "a", "key2", "b", "key3", "z" ) ) ) ) )
				.isInstanceOf( ConstraintViolationException.class )
				.hasMessageContaining( "hstore_unique_together_model_myfield_unique_key1_key2" );
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist(
				new HStoreUniqueTogetherModel( Map.of( "key1", "q", "key2", "r", "key3", "x" ) ) ) ) )
				.isInstanceOf( ConstraintViolationException.class )
				.satisfies( e -> assertThat( ( (ConstraintViolationException) e ).getConstraintName() )
						.isEqualTo( "hstore_unique_together_model_myfield_unique_key3" ) );
		assertThat( db.count( "hstore_unique_together_model" ) ).isEqualTo( 2 );
	}

	@Test
	void rowsWithoutTheKeyOrWithANullColumnDoNotConflict() {
		db.inTransaction( em -> {
			em.persist( new HStoreUniqueModel( Map.of( "other", "v" ) ) );
			em.persist( new HStoreUniqueModel( Map.of( "other", "v" ) ) );
			em.persist( new HStoreUniqueModel( null ) );
			em.persist( new HStoreUniqueModel( null ) );
			Map<String, String> nullValue = new HashMap<>();
			nullValue.put( "key1", null );
			em.persist( new HStoreUniqueModel( nullValue ) );
			em.persist( new HStoreUniqueModel( new HashMap<>( nullValue ) ) );
			// a pair with one key missing is NULL too
			em.persist( new HStoreUniqueTogetherModel( Map.of( "key1", "a" ) ) );
			em.persist( new HStoreUniqueTogetherModel( Map.of( "key1", "a" ) ) );
		} );
		assertThat( db.count( "hstore_unique_model" ) ).isEqualTo( 6 );
		assertThat( db.count( "hstore_unique_together_model" ) ).isEqualTo( 2 );
	}

	@Test
	void aRowWithoutARequiredKeyOrWithANullValueForItFails() {
		// MyModel.objects.create(myfield={'key1': None})
		Map<String, String> nullValue = new HashMap<>();
		nullValue.put( "key1", null );
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist( new HStoreRequiredModel( nullValue ) ) ) )
				.isInstanceOf( ConstraintViolationException.class )
				.satisfies( e -> assertThat( ( (ConstraintViolationException) e ).getConstraintName() )
						.isEqualTo( "hstore_required_model_myfield_required_key1" ) );
		// MyModel.objects.create(myfield={'key2': 'value1'})
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist(
				new HStoreRequiredModel( Map.of( "key2", "value1" ) ) ) ) )
				.isInstanceOf( ConstraintViolationException.class )
				.hasMessageContaining( "hstore_required_model_myfield_required_key1" );
		// no hstore at all has no key either
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist( new HStoreRequiredModel( null ) ) ) )
				.isInstanceOf( ConstraintViolationException.class );
		db.inTransaction( em -> em.persist( new HStoreRequiredModel( Map.of( "key1", "value1" ) ) ) );
		assertThat( db.count( "hstore_required_model" ) ).isEqualTo( 1 );
	}

	@Test
	void updatingARowToLoseARequiredKeyFails() {
		Long id = db.fromTransaction( em -> {
			HStoreRequiredModel m = new HStoreRequiredModel( new HashMap<>( Map.of( "key1", "v" ) ) );
			em.persist( m );
			return m.id;
		} );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			em.find( HStoreRequiredModel.class, id ).myfield.remove( "key1" );
			em.flush();
		} ) ).isInstanceOf( ConstraintViolationException.class );
	}

	// ---------------------------------------------------------------------------------------- keys are data

	@Test
	void oddKeysAreLiteralsInTheIndexes() {
		Map<String, String> indexes = indexes( "odd_keys" );
		assertThat( indexes ).hasSize( 6 ); // the primary key and five unique indexes
		// the literal keys, as PostgreSQL deparses them: each index is on exactly that key
		assertThat( String.join( "\n", indexes.values() ) )
				.contains( "(attrs -> '''); drop table x; --'::text)" )
				.contains( "(attrs -> 'it''s a \"key\" [1] `x`'::text)" )
				.contains( "(attrs -> 'ключ ü 鍵 😀'::text)" )
				.contains( "((attrs -> '" + OddKeys.LONG_1 + "'::text)), ((attrs -> '" + OddKeys.LONG_2 + "'::text))" );
		assertThat( checks( "odd_keys" ).values() )
				.containsExactly( "CHECK (((attrs -> '''); drop table x; --'::text) IS NOT NULL))" );
		for ( String name : indexes.keySet() ) {
			assertThat( name.getBytes( StandardCharsets.UTF_8 ).length ).isLessThanOrEqualTo( 63 );
			assertThat( name ).matches( "[a-z0-9_]+" );
		}
		// a plain name of up to 63 bytes is kept; anything else is reduced to [a-z0-9_], cut, and gets a hash
		String longRaw = "odd_keys_attrs_unique_" + OddKeys.LONG_1 + "_" + OddKeys.LONG_2;
		assertThat( indexes ).containsKey( longRaw.substring( 0, 54 ) + "_" + sha256( longRaw ).substring( 0, 8 ) );
		String injectionRaw = "odd_keys_attrs_unique_" + OddKeys.INJECTION;
		assertThat( indexes ).containsKey( "odd_keys_attrs_unique_drop_table_x_" + sha256( injectionRaw ).substring( 0, 8 ) );
	}

	@Test
	void oddKeysWorkAsKeys() {
		Map<String, String> attrs = new LinkedHashMap<>();
		for ( String key : List.of( OddKeys.INJECTION, OddKeys.QUOTES, OddKeys.UNICODE, OddKeys.ESCAPES ) ) {
			attrs.put( key, "v" );
		}
		db.inTransaction( em -> em.persist( new OddKeys( attrs ) ) );
		for ( String key : List.of( OddKeys.QUOTES, OddKeys.UNICODE, OddKeys.ESCAPES ) ) {
			// the same value under one of the keys is a duplicate
			assertThatThrownBy( () -> db.inTransaction( em -> em.persist(
					new OddKeys( Map.of( OddKeys.INJECTION, "other", key, "v" ) ) ) ) )
					.as( key ).isInstanceOf( ConstraintViolationException.class );
			// a similar key is another key
			db.inTransaction( em -> em.persist( new OddKeys( Map.of( OddKeys.INJECTION, "x" + key, key + " ", "v" ) ) ) );
		}
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist( new OddKeys( Map.of( "x", "y" ) ) ) ) )
				.isInstanceOf( ConstraintViolationException.class )
				.hasMessageContaining( "required" );
		assertThat( db.count( "odd_keys" ) ).isEqualTo( 4 );
	}

	// ---------------------------------------------------------------------------------------- in-place edits

	@Test
	void mapsEditedInPlaceAreSavedAtFlush() {
		Long id = db.fromTransaction( em -> {
			Translation t = new Translation();
			t.name = new HashMap<>( Map.of( "en", "Hello" ) );
			t.tags = new HashMap<>( Map.of( "a", "1" ) );
			em.persist( t );
			return t.id;
		} );
		// each edit on its own: without dynamic updates, any dirty attribute would write the whole row
		db.inTransaction( em -> {
			Translation t = em.find( Translation.class, id );
			t.name.put( "ar", "مرحبا" ); // mapped with Hypersistence's PostgreSQLHStoreType
			em.flush();
			// and again after a flush, in the same session
			t.name.put( "nl", "Hallo" );
		} );
		assertThat( db.rows( "SELECT name -> 'ar' AS ar, name -> 'nl' AS nl FROM translation" ) )
				.containsExactly( Map.of( "ar", "مرحبا", "nl", "Hallo" ) );
		db.inTransaction( em -> {
			Translation t = em.find( Translation.class, id );
			t.tags.put( "b", "2" ); // mapped with MutableHStoreType
			t.tags.remove( "a" );
		} );
		assertThat( db.rows( "SELECT tags::text AS tags FROM translation" ) ).containsExactly( Map.of( "tags", "\"b\"=>\"2\"" ) );
		// an untouched map is not written
		db.clearSql();
		db.inTransaction( em -> em.find( Translation.class, id ) );
		assertThat( db.sql() ).noneMatch( sql -> sql.toLowerCase().startsWith( "update" ) );
	}

	@Test
	void aMapEditedInPlaceAfterPersistIsSaved() {
		Long id = db.fromTransaction( em -> {
			Translation t = new Translation();
			t.name = new HashMap<>( Map.of( "en", "Hi" ) );
			t.note = "n";
			em.persist( t );
			em.flush();
			t.name.put( "fr", "Salut" );
			return t.id;
		} );
		Map<String, String> saved = db.fromTransaction( em -> em.find( Translation.class, id ).name );
		assertThat( saved ).isEqualTo( Map.of( "en", "Hi", "fr", "Salut" ) );
	}

	// ---------------------------------------------------------------------------------------- helpers

	static String sha256(String text) {
		try {
			return java.util.HexFormat.of().formatHex( java.security.MessageDigest.getInstance( "SHA-256" )
					.digest( text.getBytes( StandardCharsets.UTF_8 ) ) );
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException( e );
		}
	}

	/** @return index name to definition, from {@code pg_indexes} */
	static Map<String, String> indexes(String table) {
		Map<String, String> result = new LinkedHashMap<>();
		for ( Map<String, Object> row : db.rows( "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ?"
				+ " AND tablename = ? ORDER BY indexname", db.schema(), table ) ) {
			result.put( (String) row.get( "indexname" ), (String) row.get( "indexdef" ) );
		}
		return result;
	}

	/** @return check constraint name to definition, from {@code pg_constraint} */
	static Map<String, String> checks(String table) {
		Map<String, String> result = new LinkedHashMap<>();
		for ( Map<String, Object> row : db.rows( "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint"
				+ " WHERE conrelid = to_regclass(?) AND contype = 'c' ORDER BY conname", db.schema() + "." + table ) ) {
			result.put( (String) row.get( "conname" ), (String) row.get( "def" ) );
		}
		return result;
	}
}
