package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.ConflictTargetException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.model.Counter;
import io.pgextra.hibernate.test.model.MyModel;
import io.pgextra.hibernate.test.model.Person;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One attribute, several, the primary key, a named constraint, a partial unique index; and wrong targets. */
class ConflictTargetsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class, Person.class, Counter.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	@BeforeAll
	static void partialIndex() {
		// unique among the rows with a label only
		db.execute( "CREATE UNIQUE INDEX counter_label_live ON counter (label) WHERE hits >= 0" );
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model, person, counter" );
	}

	@Test
	void primaryKeyTarget() {
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( MyModel.class,
				ConflictTarget.attributes( "myfield" ), Map.of( "myfield", "a", "note", "1" ) ) );
		ConflictResult result = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, ConflictTarget.primaryKey(), ConflictAction.UPDATE )
				.insertForResult( Map.of( "id", id, "myfield", "a", "note", "2" ) ) );
		assertThat( result ).isEqualTo( new ConflictResult( id, RowOutcome.UPDATED ) );
		assertThat( db.rows( "SELECT note FROM my_model" ) ).containsExactly( Map.of( "note", "2" ) );
	}

	@Test
	void namedConstraintTarget() {
		ConflictTarget target = ConflictTarget.constraint( "uk_person_name" );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long a = pg.upsert( Person.class, target, Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "x" ) );
			Long b = pg.upsert( Person.class, target, Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "y" ) );
			assertThat( a ).isEqualTo( b );
			// bulk, with the key columns resolved from the catalog and NOTHING for existing rows
			List<ConflictResult> results = pg.onConflict( Person.class, target, ConflictAction.NOTHING )
					.bulkInsertMapsForResults( List.of(
							Map.of( "firstName", "Alan", "lastName", "Turing", "nick", "n" ),
							Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "z" ) ) );
			assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED );
			assertThat( results.get( 1 ).id() ).isEqualTo( a );
		} );
		assertThat( db.rows( "SELECT nick_name FROM person WHERE first_name = 'Ada'" ) ).containsExactly( Map.of( "nick_name", "y" ) );
	}

	@Test
	void unknownConstraintNameIsReportedWithTheTablesConstraints() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em )
				.upsert( Person.class, ConflictTarget.constraint( "uk_nope" ), Map.of( "firstName", "Ada" ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "uk_nope" )
				.hasMessageContaining( "uk_person_name" ) );
	}

	@Test
	void partialUniqueIndexTarget() {
		ConflictTarget target = ConflictTarget.attributes( "label" ).where( "hits >= 0" );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long a = pg.onConflict( Counter.class, target, ConflictAction.NOTHING )
					.insert( Map.of( "name", "a", "label", "x", "hits", 1 ) );
			Long b = pg.onConflict( Counter.class, target, ConflictAction.NOTHING )
					.insert( Map.of( "name", "b", "label", "x", "hits", 2 ) );
			assertThat( b ).isEqualTo( a );
			// outside the index predicate there is no conflict
			Long c = pg.onConflict( Counter.class, target, ConflictAction.NOTHING )
					.insert( Map.of( "name", "c", "label", "x", "hits", -1 ) );
			assertThat( c ).isNotEqualTo( a );
			List<Map<String, Object>> rows = pg.onConflict( Counter.class, target, ConflictAction.UPDATE )
					.bulkInsertMaps( List.of( Map.of( "name", "d", "label", "x", "hits", 5 ), Map.of( "name", "e", "label", "y", "hits", 6 ) ) );
			assertThat( rows.get( 0 ).get( "id" ) ).isEqualTo( a );
		} );
		assertThat( db.rows( "SELECT name, hits FROM counter WHERE label = 'x' ORDER BY hits" ) )
				.containsExactly( Map.of( "name", "c", "hits", -1 ), Map.of( "name", "d", "hits", 5 ) );
	}

	@Test
	void partialIndexWithoutItsPredicateIsNotInferred() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em )
				.upsert( Counter.class, ConflictTarget.attributes( "label" ), Map.of( "name", "a", "label", "x" ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "(label)" )
				.hasMessageContaining( "counter_label_live" )
				.hasMessageContaining( "Hint" ) );
	}

	@Test
	void targetWithoutUniqueIndexNamesTheTargetAndListsTheConstraints() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.upsert( Person.class, ConflictTarget.attributes( "nick" ), Map.of( "nick", "a" ) ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageContaining( "(nick)" )
				.hasMessageContaining( "entity 'io.pgextra.hibernate.test.model.Person'" )
				.hasMessageContaining( "uk_person_name" )
				.hasMessageContaining( "person_pkey" );
		assertThat( db.count( "person" ) ).isZero();
	}

	@Test
	void unknownTargetAttributeNamesTheValidAttributes() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em )
				.upsert( MyModel.class, ConflictTarget.attributes( "myfeild" ), Map.of( "myfield", "a" ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "'myfeild'" )
				.hasMessageContaining( "MyModel" )
				.hasMessageContaining( "[id, myfield, note]" ) );
	}

	@Test
	void renamedColumnAndNamingStrategyResolveThroughTheMetamodel() {
		// firstName -> first_name (naming strategy), nick -> nick_name (@Column)
		db.execute( "CREATE UNIQUE INDEX person_nick ON person (nick_name)" );
		try {
			db.inTransaction( em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );
				Long a = pg.upsert( Person.class, ConflictTarget.attributes( "nick" ), Map.of( "nick", "n", "firstName", "A" ) );
				Long b = pg.upsert( Person.class, ConflictTarget.attributes( "nick" ), Map.of( "nick", "n", "firstName", "B" ) );
				assertThat( a ).isEqualTo( b );
			} );
			assertThat( db.rows( "SELECT first_name FROM person" ) ).containsExactly( Map.of( "first_name", "B" ) );
		}
		finally {
			db.execute( "DROP INDEX person_nick" );
		}
	}
}
