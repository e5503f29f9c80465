import { Global, Module } from '@nestjs/common';
import { BulkUploadService } from './bulk-upload.service';
import { CandidatesController } from './candidates.controller';
import { CandidatesRepository } from './candidates.repository';
import { CandidatesService } from './candidates.service';
import { ErasureService } from './erasure.service';
import { BulkFilesInterceptor } from './multipart.interceptor';

@Global()
@Module({
  controllers: [CandidatesController],
  providers: [CandidatesService, CandidatesRepository, ErasureService, BulkUploadService, BulkFilesInterceptor],
  exports: [CandidatesService, CandidatesRepository, ErasureService],
})
export class CandidatesModule {}
