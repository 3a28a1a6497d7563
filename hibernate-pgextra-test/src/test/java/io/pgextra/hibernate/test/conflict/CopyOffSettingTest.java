package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.test.conflict.CopySettingCalls.MYFIELD;
import static io.pgextra.hibernate.test.conflict.CopySettingCalls.copies;
import static io.pgextra.hibernate.test.conflict.CopySettingCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgextra.hibernate.ConflictSettings;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ConflictSettings#COPY_THRESHOLD} 0: no call goes through COPY.
 */
class CopyOffSettingTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
			.property( ConflictSettings.COPY_THRESHOLD, 0 );

	@Test
	void zeroNeverCopies() {
		db.clearSql();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD,
				rows( ConflictSettings.DEFAULT_COPY_THRESHOLD ) ) );
		assertThat( copies( db ) ).isZero();
		assertThat( db.count( "my_model" ) ).isEqualTo( ConflictSettings.DEFAULT_COPY_THRESHOLD );
	}
}
