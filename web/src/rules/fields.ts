// The columns of the `workers` exchange format (= the JSON keys of a worker record) with their
// labels, as in src/core/worker.cc `kFields` (web/test/rules_cases.ts fails if they drift).

export interface FieldInfo {
  readonly name: string;
  /** Item number on Mẫu 03 ("12.3a"); "" for the extras. */
  readonly formItem: string;
  readonly labelVi: string;
  readonly labelEn: string;
}

export const FIELDS: readonly FieldInfo[] = [
  { name: 'cccd', formItem: '4', labelVi: 'Số CCCD', labelEn: 'Personal ID number (CCCD)' },
  { name: 'cmnd', formItem: '4', labelVi: 'Số CMND', labelEn: 'Legacy ID card number (CMND)' },
  { name: 'full_name', formItem: '1', labelVi: 'Họ, chữ đệm và tên khai sinh', labelEn: 'Full birth name' },
  { name: 'birth_date', formItem: '2', labelVi: 'Ngày, tháng, năm sinh', labelEn: 'Date of birth' },
  { name: 'sex', formItem: '3', labelVi: 'Giới tính', labelEn: 'Sex' },
  { name: 'ethnicity', formItem: '8.6', labelVi: 'Dân tộc', labelEn: 'Ethnic group' },
  { name: 'bhxh', formItem: '5', labelVi: 'Mã số BHXH', labelEn: 'Social-insurance code' },
  { name: 'permanent_unit', formItem: '6', labelVi: 'Nơi đăng ký thường trú (mã xã)', labelEn: 'Permanent residence (commune)' },
  { name: 'permanent_address', formItem: '6', labelVi: 'Nơi đăng ký thường trú (địa chỉ)', labelEn: 'Permanent residence (address)' },
  { name: 'current_unit', formItem: '7', labelVi: 'Nơi ở hiện tại (mã xã)', labelEn: 'Current residence (commune)' },
  { name: 'current_address', formItem: '7', labelVi: 'Nơi ở hiện tại (địa chỉ)', labelEn: 'Current residence (address)' },
  { name: 'priority_groups', formItem: '8', labelVi: 'Đối tượng ưu tiên', labelEn: 'Priority groups' },
  { name: 'general_education', formItem: '9', labelVi: 'Trình độ giáo dục phổ thông cao nhất', labelEn: 'Highest general education' },
  { name: 'qualification', formItem: '10', labelVi: 'Trình độ chuyên môn kỹ thuật cao nhất', labelEn: 'Highest technical qualification' },
  { name: 'training_field', formItem: '10.1', labelVi: 'Chuyên ngành đào tạo', labelEn: 'Field of training' },
  { name: 'lf_status', formItem: '11', labelVi: 'Tình trạng tham gia hoạt động kinh tế', labelEn: 'Labour-force status' },
  { name: 'employment_status', formItem: '12.1', labelVi: 'Vị thế việc làm', labelEn: 'Status in employment' },
  { name: 'job_title', formItem: '12.2', labelVi: 'Công việc cụ thể đang làm', labelEn: 'Job' },
  { name: 'occupation', formItem: '12.2', labelVi: 'Mã nghề (VSCO 2020)', labelEn: 'Occupation code (VSCO 2020)' },
  { name: 'industry', formItem: '', labelVi: 'Ngành kinh tế (VSIC)', labelEn: 'Industry (VSIC)' },
  { name: 'si_type', formItem: '12.2a', labelVi: 'Tham gia BHXH', labelEn: 'Social-insurance participation' },
  { name: 'has_contract', formItem: '12.2b', labelVi: 'Có hợp đồng lao động', labelEn: 'Has a labour contract' },
  { name: 'contract_type', formItem: '12.2b', labelVi: 'Loại hợp đồng lao động', labelEn: 'Contract type' },
  { name: 'contract_start', formItem: '12.2b', labelVi: 'Thời gian bắt đầu thực hiện HĐLĐ', labelEn: 'Contract start date' },
  { name: 'workplace_name', formItem: '12.3', labelVi: 'Nơi làm việc', labelEn: 'Workplace' },
  { name: 'workplace_type', formItem: '12.3a', labelVi: 'Loại hình nơi làm việc', labelEn: 'Workplace type' },
  {
    name: 'workplace_unit',
    formItem: '12.3b',
    labelVi: 'Địa chỉ nơi làm việc (mã đơn vị hành chính)',
    labelEn: 'Workplace address (unit)',
  },
  { name: 'workplace_address', formItem: '12.3b', labelVi: 'Địa chỉ nơi làm việc', labelEn: 'Workplace address' },
  { name: 'never_worked', formItem: '13', labelVi: 'Chưa bao giờ làm việc', labelEn: 'Never worked' },
  { name: 'unemployment_duration', formItem: '13.1', labelVi: 'Thời gian thất nghiệp', labelEn: 'Unemployment duration' },
  {
    name: 'nilf_reason',
    formItem: '11.3',
    labelVi: 'Lý do không tham gia hoạt động kinh tế',
    labelEn: 'Reason for being outside the labour force',
  },
  { name: 'collected_on', formItem: '', labelVi: 'Ngày thu thập', labelEn: 'Collection date' },
  { name: 'source', formItem: '', labelVi: 'Nguồn cập nhật', labelEn: 'Source of the change' },
  { name: 'household_id', formItem: '', labelVi: 'Mã hộ gia đình', labelEn: 'Household id' },
  { name: 'relation_to_head', formItem: '', labelVi: 'Quan hệ với chủ hộ', labelEn: 'Relation to household head' },
];

const byName = new Map(FIELDS.map((f) => [f.name, f] as const));

/** The field named `name`, or undefined for a column the exchange format does not have. */
export function fieldInfo(name: string): FieldInfo | undefined {
  return byName.get(name);
}
