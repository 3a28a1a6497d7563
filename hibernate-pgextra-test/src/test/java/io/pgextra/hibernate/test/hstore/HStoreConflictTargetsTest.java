package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.ConflictTargetException;
import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.hstore.model.OddKeys;
import io.pgextra.hibernate.test.hstore.model.Translation;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hstore keys as {@code ON CONFLICT} targets, against the indexes {@code @HStoreUnique} creates: the seed's
 * {@code [('name', 'en')]} and {@code [('name', 'en'), ('name', 'ar')]}, with {@code UPDATE} and {@code NOTHING},
 * single, bulk and shorthand; keys that are data; targets without an index.
 */
class HStoreConflictTargetsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Translation.class, OddKeys.class );

	private static final ConflictTarget NAME_EN = ConflictTarget.hstoreKey( "name", "en" );
	private static final ConflictTarget TITLE_EN_AR = ConflictTarget.hstoreKeys( "title", "en", "ar" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE translation, odd_keys" );
	}

	// ---------------------------------------------------------------------------------------- the seed

	@Test
	void seedOneKeyDoNothing() {
		// MyModel.objects.on_conflict([('name', 'en')], ConflictAction.NOTHING).insert(name={'en': 'Swen'})
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Translation.class, NAME_EN, ConflictAction.NOTHING )
				.insert( Map.of( "name", Map.of( "en", "Swen" ), "note", "first" ) ) );
		Long again = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Translation.class, NAME_EN, ConflictAction.NOTHING )
				.insert( Map.of( "name", Map.of( "en", "Swen", "nl", "Sven" ), "note", "second" ) ) );
		assertThat( again ).isEqualTo( id );
		assertThat( db.rows( "SELECT id, name::text AS name, note FROM translation" ) )
				.containsExactly( Map.of( "id", id, "name", "\"en\"=>\"Swen\"", "note", "first" ) );
	}

	@Test
	void seedTwoKeysDoNothing() {
		// MyModel.objects.on_conflict([('name', 'en'), ('name', 'ar')], ConflictAction.NOTHING).insert(name={'en': 'Swen'})
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long a = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.NOTHING )
					.insert( Map.of( "title", Map.of( "en", "Swen", "ar", "سوين" ) ) );
			Long b = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.NOTHING )
					.insert( Map.of( "title", Map.of( "en", "Swen", "ar", "سوين" ), "note", "ignored" ) );
			assertThat( b ).isEqualTo( a );
			// the seed's row gives only 'en': its key (en, NULL) never conflicts, as with any NULL in a unique key
			Long c = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.NOTHING )
					.insert( Map.of( "title", Map.of( "en", "Swen" ) ) );
			Long d = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.NOTHING )
					.insert( Map.of( "title", Map.of( "en", "Swen" ) ) );
			assertThat( List.of( a, c, d ) ).doesNotHaveDuplicates();
		} );
		assertThat( db.count( "translation" ) ).isEqualTo( 3 );
		assertThat( db.count( "translation WHERE note IS NOT NULL" ) ).isZero();
	}

	// ---------------------------------------------------------------------------------------- UPDATE

	@Test
	void oneKeyUpdateInsertAndGetReturnsTheManagedRow() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Translation first = pg.onConflict( Translation.class, NAME_EN, ConflictAction.UPDATE )
					.insertAndGet( Map.of( "name", Map.of( "en", "Swen" ), "note", "v1" ) );
			Translation second = pg.onConflict( Translation.class, NAME_EN, ConflictAction.UPDATE )
					.insertAndGet( Map.of( "name", Map.of( "en", "Swen", "nl", "Sven" ), "note", "v2" ) );
			assertThat( second ).isSameAs( first );
			assertThat( second.note ).isEqualTo( "v2" );
			assertThat( second.name ).isEqualTo( Map.of( "en", "Swen", "nl", "Sven" ) );
			assertThat( em.contains( second ) ).isTrue();
		} );
		assertThat( db.rows( "SELECT name -> 'nl' AS nl, note FROM translation" ) )
				.containsExactly( Map.of( "nl", "Sven", "note", "v2" ) );
	}

	@Test
	void twoKeysUpdateForResult() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			ConflictResult inserted = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.UPDATE )
					.insertForResult( Map.of( "title", Map.of( "en", "Hello", "ar", "مرحبا" ), "note", "a" ) );
			ConflictResult updated = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.UPDATE )
					.insertForResult( Map.of( "title", Map.of( "en", "Hello", "ar", "مرحبا" ), "note", "b" ) );
			// the order of the keys does not matter to PostgreSQL's inference
			ConflictResult reversed = pg.onConflict( Translation.class, ConflictTarget.hstoreKeys( "title", "ar", "en" ),
					ConflictAction.UPDATE ).insertForResult( Map.of( "title", Map.of( "en", "Hello", "ar", "مرحبا" ), "note", "c" ) );
			assertThat( inserted.outcome() ).isEqualTo( RowOutcome.INSERTED );
			assertThat( updated ).isEqualTo( new ConflictResult( inserted.id(), RowOutcome.UPDATED ) );
			assertThat( reversed ).isEqualTo( new ConflictResult( inserted.id(), RowOutcome.UPDATED ) );
		} );
		assertThat( db.rows( "SELECT note FROM translation" ) ).containsExactly( Map.of( "note", "c" ) );
	}

	@Test
	void fromAnEntity() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Translation input = new Translation();
			input.name = Map.of( "en", "Swen" );
			input.note = "from an entity";
			Long id = pg.upsert( NAME_EN, input );
			input.note = "again";
			Translation managed = pg.upsertAndGet( NAME_EN, input );
			assertThat( managed.id ).isEqualTo( id );
			assertThat( managed ).isNotSameAs( input );
			assertThat( managed.note ).isEqualTo( "again" );
		} );
	}

	// ---------------------------------------------------------------------------------------- bulk and shorthands

	@Test
	void bulkInsertUpdateAndNothingInInputOrder() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long swen = pg.upsert( Translation.class, NAME_EN, Map.of( "name", Map.of( "en", "swen" ), "note", "old" ) );
			List<Map<String, Object>> updated = pg.onConflict( Translation.class, NAME_EN, ConflictAction.UPDATE )
					.bulkInsertMaps( List.of(
							Map.of( "name", Map.of( "en", "henk" ), "note", "new" ),
							Map.of( "name", Map.of( "en", "swen" ), "note", "new" ),
							Map.of( "name", Map.of( "nl", "zonder en" ), "note", "new" ), // NULL key: inserted
							Map.of( "name", Map.of( "en", "adela" ), "note", "new" ) ) );
			assertThat( updated ).hasSize( 4 );
			assertThat( updated.get( 1 ).get( "id" ) ).isEqualTo( swen );
			assertThat( updated ).extracting( r -> r.get( "id" ) ).doesNotHaveDuplicates();
			assertThat( updated.get( 0 ).get( "name" ) ).isEqualTo( Map.of( "en", "henk" ) );

			List<ConflictResult> nothing = pg.onConflict( Translation.class, NAME_EN, ConflictAction.NOTHING )
					.bulkInsertMapsForResults( List.of(
							Map.of( "name", Map.of( "en", "adela" ), "note", "ignored" ),
							Map.of( "name", Map.of( "en", "new one" ), "note", "newer" ),
							Map.of( "name", Map.of( "en", "henk" ), "note", "ignored" ) ) );
			assertThat( nothing ).extracting( ConflictResult::outcome )
					.containsExactly( RowOutcome.UNCHANGED, RowOutcome.INSERTED, RowOutcome.UNCHANGED );
			assertThat( nothing.get( 0 ).id() ).isEqualTo( updated.get( 3 ).get( "id" ) );
			assertThat( nothing.get( 2 ).id() ).isEqualTo( updated.get( 0 ).get( "id" ) );

			List<Translation> entities = pg.onConflict( Translation.class, TITLE_EN_AR, ConflictAction.UPDATE )
					.bulkInsertMapsAndGet( List.of(
							Map.of( "title", Map.of( "en", "a", "ar", "b" ) ),
							Map.of( "title", Map.of( "en", "a", "ar", "c" ) ) ) );
			assertThat( entities ).extracting( t -> t.title.get( "ar" ) ).containsExactly( "b", "c" );
		} );
		assertThat( db.count( "translation WHERE note = 'ignored'" ) ).isZero();
		assertThat( db.count( "translation" ) ).isEqualTo( 7 );
	}

	@Test
	void sameHStoreKeyTwiceInOneBulkUpsertIsRejectedBeforeAnySql() {
		db.clearSql();
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Translation.class,
				NAME_EN, List.of( Map.of( "name", Map.of( "en", "x", "nl", "1" ) ), Map.of( "name", Map.of( "en", "x", "nl", "2" ) ) ) ) ) )
				.isInstanceOf( DuplicateConflictKeyException.class )
				.hasMessageContaining( "[x]" );
		assertThat( db.count( "translation" ) ).isZero();
	}

	@Test
	void shorthands() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long id1 = pg.upsert( Translation.class, NAME_EN, Map.of( "name", Map.of( "en", "beer" ) ) );
			Long id2 = pg.upsert( Translation.class, NAME_EN, Map.of( "name", Map.of( "en", "beer" ) ) );
			assertThat( id1 ).isEqualTo( id2 );
			Translation obj = pg.upsertAndGet( Translation.class, TITLE_EN_AR,
					Map.of( "title", Map.of( "en", "beer", "ar", "بيرة" ), "name", Map.of( "en", "wine" ) ) );
			Translation same = pg.upsertAndGet( Translation.class, TITLE_EN_AR,
					Map.of( "title", Map.of( "en", "beer", "ar", "بيرة" ), "note", "cold" ) );
			assertThat( same ).isSameAs( obj );
			assertThat( same.note ).isEqualTo( "cold" );
			List<Map<String, Object>> rows = pg.bulkUpsertMaps( Translation.class, NAME_EN, List.of(
					Map.of( "name", Map.of( "en", "beer" ), "note", "b" ), Map.of( "name", Map.of( "en", "wine" ), "note", "w" ) ) );
			assertThat( rows ).extracting( r -> r.get( "id" ) ).containsExactly( id1, obj.id );
		} );
		assertThat( db.rows( "SELECT name -> 'en' AS en, note FROM translation ORDER BY 1" ) )
				.containsExactly( Map.of( "en", "beer", "note", "b" ), Map.of( "en", "wine", "note", "w" ) );
	}

	// ---------------------------------------------------------------------------------------- keys are data

	@Test
	void aKeyThatLooksLikeSqlIsJustAKey() {
		db.execute( "CREATE TABLE x (id int)" );
		try {
			ConflictTarget target = ConflictTarget.hstoreKey( "attrs", OddKeys.INJECTION );
			db.inTransaction( em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );
				Long a = pg.upsert( OddKeys.class, target, Map.of( "attrs", Map.of( OddKeys.INJECTION, "v", "n", "1" ) ) );
				Long b = pg.upsert( OddKeys.class, target, Map.of( "attrs", Map.of( OddKeys.INJECTION, "v", "n", "2" ) ) );
				Long c = pg.onConflict( OddKeys.class, target, ConflictAction.NOTHING )
						.insert( Map.of( "attrs", Map.of( OddKeys.INJECTION, "v", "n", "3" ) ) );
				List<Map<String, Object>> bulk = pg.bulkUpsertMaps( OddKeys.class, target, List.of(
						Map.of( "attrs", Map.of( OddKeys.INJECTION, "v", "n", "4" ) ),
						Map.of( "attrs", Map.of( OddKeys.INJECTION, "w", "n", "5" ) ) ) );
				assertThat( List.of( b, c, bulk.get( 0 ).get( "id" ) ) ).containsOnly( a );
			} );
			// and a key with quotes, backslashes, dollars and line breaks
			ConflictTarget escapes = ConflictTarget.hstoreKey( "attrs", OddKeys.ESCAPES );
			Map<String, String> row = new HashMap<>( Map.of( OddKeys.INJECTION, "e", OddKeys.ESCAPES, "v" ) );
			Long a = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( OddKeys.class, escapes, Map.of( "attrs", row ) ) );
			row.put( OddKeys.INJECTION, "f" );
			Long b = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( OddKeys.class, escapes, Map.of( "attrs", row ) ) );
			assertThat( b ).isEqualTo( a );
			assertThat( db.count( "x" ) ).isZero();
			assertThat( db.rows( "SELECT attrs -> ? AS n FROM odd_keys ORDER BY 1", OddKeys.INJECTION ) )
					.containsExactly( Map.of( "n", "f" ), Map.of( "n", "v" ), Map.of( "n", "w" ) );
		}
		finally {
			db.execute( "DROP TABLE x" );
		}
	}

	// ---------------------------------------------------------------------------------------- no index

	@Test
	void anHStoreKeyWithoutAUniqueIndexIsAConflictTargetException() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.upsert( Translation.class, ConflictTarget.hstoreKey( "name", "fr" ), Map.of( "name", Map.of( "fr", "x" ) ) ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "(name -> 'fr')" )
				.hasMessageContaining( "translation_name_unique_en" )
				.hasMessageContaining( "Hint" );
		// one key of a key group is not the group's index
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Translation.class,
				ConflictTarget.hstoreKey( "title", "en" ), ConflictAction.NOTHING ).insert( Map.of( "title", Map.of( "en", "x" ) ) ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "translation_title_unique_en_ar" );
		assertThat( db.count( "translation" ) ).isZero();
	}

	@Test
	void anHStoreKeyOfAnAttributeThatIsNotHStoreIsRejected() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.upsert( Translation.class, ConflictTarget.hstoreKey( "note", "en" ), Map.of( "note", "x" ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "'note'" )
				.hasMessageContaining( "not an hstore column" );
	}
}
