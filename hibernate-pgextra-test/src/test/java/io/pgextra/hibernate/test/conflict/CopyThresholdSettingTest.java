package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.test.conflict.CopySettingCalls.MYFIELD;
import static io.pgextra.hibernate.test.conflict.CopySettingCalls.copies;
import static io.pgextra.hibernate.test.conflict.CopySettingCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pgextra.hibernate.ConflictSettings;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ConflictSettings#COPY_THRESHOLD}: the number of rows from which a bulk call goes through COPY.
 */
class CopyThresholdSettingTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
			.property( ConflictSettings.COPY_THRESHOLD, "50" );

	@Test
	void aCallOfThresholdRowsGoesThroughCopyAndASmallerOneDoesNot() {
		db.clearSql();
		List<Object> ids = db.fromTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class,
				MYFIELD, rows( 50 ) ).stream().map( row -> row.get( "id" ) ).toList() );
		assertThat( copies( db ) ).isEqualTo( 1 );
		assertThat( ids ).doesNotContainNull().doesNotHaveDuplicates().hasSize( 50 );
		assertThat( db.count( "my_model" ) ).isEqualTo( 50 );
		db.clearSql();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD, rows( 49 ) ) );
		assertThat( copies( db ) ).isZero();
	}
}
