package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.ConflictExpression.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Email;
import io.pgextra.hibernate.test.model.Mood;
import io.pgextra.hibernate.test.model.MyModel;
import io.pgextra.hibernate.test.model.Person;
import io.pgextra.hibernate.test.conflict.model.Price;
import io.pgextra.hibernate.test.conflict.model.Tagged;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk edge cases: chunk boundaries, duplicates, NULL keys; update refinements with typed constants. */
class BulkEdgeCasesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Price.class, MyModel.class, Person.class, Tagged.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private static final ConflictTarget MYFIELD = ConflictTarget.attributes( "myfield" );

	@BeforeAll
	static void partialIndex() {
		db.execute( "CREATE UNIQUE INDEX tagged_sku_active ON tagged (sku) WHERE jsonb_exists(attrs, 'active')" );
	}

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE price, my_model, person, tagged" );
	}

	@Test
	void keysEqualInTheDatabaseButNotInJavaShareTheRowAndTheLaterIsUnchangedUnderNothing() {
		// numeric: 1.0 = 1.00, but BigDecimal("1.0").equals(BigDecimal("1.00")) is false
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Price.class, ConflictTarget.attributes( "amount" ), ConflictAction.NOTHING )
				.bulkInsertMapsForResults( List.of(
						Map.of( "amount", new BigDecimal( "1.0" ), "label", "a" ),
						Map.of( "amount", new BigDecimal( "1.00" ), "label", "b" ) ) ) );
		assertThat( db.count( "price" ) ).isEqualTo( 1 );
		assertThat( results.get( 1 ).id() ).isEqualTo( results.get( 0 ).id() );
		assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED );
	}

	@Test
	void duplicateAcrossTheChunkBoundaryUnderNothingSharesTheFirstRow() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 2_000; i++ ) {
			rows.add( Map.of( "myfield", "m" + i, "note", "first" ) );
		}
		rows.add( Map.of( "myfield", "m0", "note", "second" ) ); // row 2000: the next statement
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).bulkInsertMapsForResults( rows ) );
		assertThat( results ).hasSize( 2_001 );
		assertThat( results.get( 2_000 ).id() ).isEqualTo( results.get( 0 ).id() );
		assertThat( results.get( 2_000 ).outcome() ).isEqualTo( RowOutcome.UNCHANGED );
		assertThat( results.get( 0 ).outcome() ).isEqualTo( RowOutcome.INSERTED );
		assertThat( db.count( "my_model" ) ).isEqualTo( 2_000 );
	}

	@Test
	void duplicateAcrossTheChunkBoundaryUnderUpdateIsRejectedBeforeAnyRowIsWritten() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 2_000; i++ ) {
			rows.add( Map.of( "myfield", "u" + i, "note", "first" ) );
		}
		rows.add( Map.of( "myfield", "u0", "note", "second" ) );
		db.clearSql();
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, MYFIELD, ConflictAction.UPDATE ).bulkInsertMaps( rows ) ) )
				.isInstanceOf( DuplicateConflictKeyException.class )
				.hasMessageContaining( "u0" ).hasMessageContaining( "2000" );
		assertThat( db.count( "my_model" ) ).isZero();
	}

	@Test
	void nullKeysMixedWithConflictingRowsUnderNothingStayAlignedWithTheInput() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( MyModel.class, MYFIELD, Map.of( "myfield", "x", "note", "old" ) ) );
		List<Map<String, Object>> rows = new ArrayList<>();
		rows.add( nullable( null, "n1" ) );
		rows.add( nullable( "x", "new" ) );
		rows.add( nullable( null, "n2" ) );
		rows.add( nullable( "y", "y" ) );
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).bulkInsertMapsForResults( rows ) );
		assertThat( results ).extracting( ConflictResult::outcome ).containsExactly(
				RowOutcome.INSERTED, RowOutcome.UNCHANGED, RowOutcome.INSERTED, RowOutcome.INSERTED );
		assertThat( results.get( 0 ).id() ).isNotEqualTo( results.get( 2 ).id() );
		assertThat( db.rows( "SELECT note FROM my_model WHERE myfield IS NULL ORDER BY note" ) )
				.containsExactly( Map.of( "note", "n1" ), Map.of( "note", "n2" ) );
	}

	@Test
	void enumConstantInSetIsWrittenAsTheEnumMappingSays() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( Person.class, ConflictTarget.attributes( "firstName", "lastName" ),
					Map.of( "firstName", "Ada", "lastName", "L", "mood", Mood.values()[0] ) );
			pg.onConflict( Person.class, ConflictTarget.attributes( "firstName", "lastName" ) ).doUpdate()
					.set( "mood", value( Mood.values()[1] ) )
					.insert( Map.of( "firstName", "Ada", "lastName", "L" ) );
		} );
		assertThat( db.rows( "SELECT mood FROM person" ) ).containsExactly( Map.of( "mood", Mood.values()[1].name() ) );
	}

	@Test
	void convertedConstantInSetGoesThroughTheAttributeConverter() {
		Email initial = firstEmail( "a@example.com" );
		Email changed = firstEmail( "b@example.com" );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( Person.class, ConflictTarget.attributes( "firstName", "lastName" ),
					Map.of( "firstName", "Bo", "lastName", "L", "email", initial ) );
			pg.onConflict( Person.class, ConflictTarget.attributes( "firstName", "lastName" ) ).doUpdate()
					.set( "email", value( changed ) )
					.insert( Map.of( "firstName", "Bo", "lastName", "L" ) );
		} );
		assertThat( db.rows( "SELECT email FROM person" ) ).containsExactly( Map.of( "email", "mailto:b@example.com" ) );
	}

	@Test
	void partialIndexPredicateWithTheQuestionMarkOperatorIsRejectedWithTheFunctionAsHint() {
		// Hibernate's native query parser takes ? for a parameter; the index is defined with the function instead
		assertThatThrownBy( () -> ConflictTarget.attributes( "sku" ).where( "attrs ? 'active'" ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "'?'" )
				.hasMessageContaining( "jsonb_exists" );
		assertThat( ConflictTarget.attributes( "sku" ).where( "attrs->>'x' = '?'" ).indexPredicate() ).contains( "'?'" );
	}

	@Test
	void partialIndexPredicateWithTheKeyExistsFunction() {
		ConflictTarget target = ConflictTarget.attributes( "sku" ).where( "jsonb_exists(attrs, 'active')" );
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long a = pg.onConflict( Tagged.class, target, ConflictAction.NOTHING )
					.insert( Map.of( "sku", "s1", "attrs", "{\"active\": true}" ) );
			Long b = pg.onConflict( Tagged.class, target, ConflictAction.NOTHING )
					.insert( Map.of( "sku", "s1", "attrs", "{\"active\": false}" ) );
			assertThat( b ).isEqualTo( a );
		} );
	}

	private static Email firstEmail(String address) {
		return new Email( address );
	}

	private static Map<String, Object> nullable(String myfield, String note) {
		Map<String, Object> m = new HashMap<>();
		m.put( "myfield", myfield );
		m.put( "note", note );
		return m;
	}
}
