package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.model.MyModel;
import io.pgextra.hibernate.test.model.Person;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every example of the seed documentation (conflict-handling.md, hstore-upsert-signals.md "Upsert"), in Java.
 */
class SeedExamplesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class, Person.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model, person" );
	}

	@Test
	void insertAndGetWithUpdateThenNothingThenInsertReturnsTheSameRow() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			// insert or update if already exists, then fetch, all in a single query
			MyModel obj2 = pg.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.UPDATE )
					.insertAndGet( Map.of( "myfield", "beer" ) );
			// insert, or do nothing if it already exists, then fetch
			MyModel obj1 = pg.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.NOTHING )
					.insertAndGet( Map.of( "myfield", "beer" ) );
			// insert or update if already exists, then fetch only the primary key
			Long id = pg.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.UPDATE )
					.insert( Map.of( "myfield", "beer" ) );

			assertThat( obj2.id ).isNotNull();
			assertThat( obj2.myfield ).isEqualTo( "beer" );
			assertThat( obj1 ).isSameAs( obj2 );
			assertThat( id ).isEqualTo( obj2.id );
			assertThat( em.contains( obj2 ) ).isTrue();
		} );
		assertThat( db.count( "my_model" ) ).isEqualTo( 1 );
	}

	@Test
	void multipleColumnsUniqueTogether() {
		Person obj = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Person.class, List.of( "firstName", "lastName" ), ConflictAction.UPDATE )
				.insertAndGet( Map.of( "firstName", "Henk", "lastName", "Jansen" ) ) );
		Person again = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Person.class, List.of( "firstName", "lastName" ), ConflictAction.UPDATE )
				.insertAndGet( Map.of( "firstName", "Henk", "lastName", "Jansen", "nick", "henkie" ) ) );
		assertThat( again.id ).isEqualTo( obj.id );
		assertThat( again.nick ).isEqualTo( "henkie" );
		assertThat( db.rows( "SELECT first_name, last_name, nick_name FROM person" ) )
				.containsExactly( Map.of( "first_name", "Henk", "last_name", "Jansen", "nick_name", "henkie" ) );
	}

	@Test
	void insertReturnsThePrimaryKeyOfTheRowItConflictedWithUnderNothing() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long first = pg.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.NOTHING )
					.insert( Map.of( "myfield", "beer", "note", "first" ) );
			Long second = pg.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.NOTHING )
					.insert( Map.of( "myfield", "beer", "note", "second" ) );
			assertThat( second ).isEqualTo( first );
		} );
		assertThat( db.rows( "SELECT note FROM my_model" ) ).containsExactly( Map.of( "note", "first" ) );
	}

	@Test
	void bulkInsertReturnsInputMergedWithPrimaryKeys() {
		List<Map<String, Object>> result = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.UPDATE )
				.bulkInsertMaps( List.of( Map.of( "myfield", "swen" ), Map.of( "myfield", "henk" ), Map.of( "myfield", "adela" ) ) ) );
		assertThat( result ).hasSize( 3 );
		Map<String, Long> ids = db.rows( "SELECT myfield, id FROM my_model" ).stream()
				.collect( java.util.stream.Collectors.toMap( r -> (String) r.get( "myfield" ), r -> ( (Number) r.get( "id" ) ).longValue() ) );
		assertThat( result.get( 0 ) ).isEqualTo( Map.of( "myfield", "swen", "id", ids.get( "swen" ) ) );
		assertThat( result.get( 1 ) ).isEqualTo( Map.of( "myfield", "henk", "id", ids.get( "henk" ) ) );
		assertThat( result.get( 2 ) ).isEqualTo( Map.of( "myfield", "adela", "id", ids.get( "adela" ) ) );
	}

	@Test
	void bulkInsertRejectsRowsWithDifferentColumns() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em )
				.onConflict( Person.class, List.of( "firstName", "lastName" ), ConflictAction.UPDATE )
				.bulkInsertMaps( List.of(
						Map.of( "firstName", "swen", "lastName", "kooij" ),
						Map.of( "firstName", "henk", "nick", "poepjes" ),
						Map.of( "firstName", "adela", "lastName", "kooij" ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "Row 1" )
				.hasMessageContaining( "missing [lastName]" )
				.hasMessageContaining( "extra [nick]" ) );
		assertThat( db.count( "person" ) ).isZero();
	}

	@Test
	void shorthandsBehaveAsUpdate() {
		ConflictTarget target = ConflictTarget.attributes( "myfield" );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			MyModel obj1 = pg.upsertAndGet( MyModel.class, target, Map.of( "myfield", "beer", "note", "a" ) );
			MyModel obj2 = pg.upsertAndGet( MyModel.class, target, Map.of( "myfield", "beer", "note", "b" ) );
			assertThat( obj1.id ).isEqualTo( obj2.id );
			assertThat( obj2.note ).isEqualTo( "b" );

			Long id1 = pg.upsert( MyModel.class, target, Map.of( "myfield", "wine" ) );
			Long id2 = pg.upsert( MyModel.class, target, Map.of( "myfield", "wine" ) );
			assertThat( id1 ).isEqualTo( id2 );

			List<Map<String, Object>> rows = pg.bulkUpsertMaps( MyModel.class, target,
					List.of( Map.of( "myfield", "beer" ), Map.of( "myfield", "wine" ) ) );
			assertThat( rows ).extracting( r -> r.get( "id" ) ).containsExactly( obj1.id, id1 );
		} );
		assertThat( db.count( "my_model" ) ).isEqualTo( 2 );
	}

	@Test
	void standardMethodsIgnoreOnConflict() {
		// Pitfalls: persist through the wrapper is plain persist; a duplicate fails as it would without the wrapper
		db.inTransaction( em -> PgExtraEntityManager.of( em ).persist( new MyModel( "beer", null ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.onConflict( MyModel.class, List.of( "myfield" ), ConflictAction.UPDATE );
			pg.persist( new MyModel( "beer", null ) );
			pg.flush();
		} ) ).isInstanceOf( org.hibernate.exception.ConstraintViolationException.class );
		assertThat( db.count( "my_model" ) ).isEqualTo( 1 );
	}
}
