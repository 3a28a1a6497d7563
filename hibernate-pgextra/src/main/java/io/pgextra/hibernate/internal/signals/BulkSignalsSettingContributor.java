package io.pgextra.hibernate.internal.signals;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Makes {@link BulkSignalsTranslatorFactory} the factory's SQM translator factory (found through
 * {@code META-INF/services}; Hibernate runs service contributors after the user's settings were applied, for native
 * and JPA bootstrap alike). A translator factory the user set in {@code hibernate.query.sqm.translator} is kept in
 * {@link BulkSignalsTranslatorFactory#DELEGATE_SETTING} and still does all the work.
 */
public final class BulkSignalsSettingContributor implements ServiceContributor {

	@Override
	public void contribute(StandardServiceRegistryBuilder builder) {
		Object configured = builder.getSettings().get( QuerySettings.SEMANTIC_QUERY_TRANSLATOR );
		String ours = BulkSignalsTranslatorFactory.class.getName();
		boolean isOurs = configured == BulkSignalsTranslatorFactory.class
				|| configured instanceof BulkSignalsTranslatorFactory || ours.equals( String.valueOf( configured ) );
		if ( configured != null && !isOurs ) {
			builder.applySetting( BulkSignalsTranslatorFactory.DELEGATE_SETTING, configured );
		}
		builder.applySetting( QuerySettings.SEMANTIC_QUERY_TRANSLATOR, ours );
	}
}
